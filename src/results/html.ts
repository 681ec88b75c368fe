// The results page's HTML: a strict Content Security Policy (no remote resources, scripts and
// styles only from the extension with this page's nonce), the toolbar, tabs and grid container.
// Nothing from a response is ever in here: the page fills itself from messages, as text. Its words
// are in the display language: the static ones translated here, and the string bundle handed to the
// page (as JSON in a meta tag) for the words it writes itself.
import * as vscode from 'vscode';

export interface ResultsPageResources {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  title: string;
  /** VS Code's display language (`vscode.env.language`), for the page's lang attribute. */
  language: string;
  /** The extension's string bundle for that language (`vscode.l10n.bundle`); empty in English. */
  bundle: Record<string, unknown>;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function resultsPageHtml(r: ResultsPageResources): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${r.nonce}'`,
    // The grid injects its theme as <style> elements carrying the nonce.
    `style-src ${r.cspSource} 'nonce-${r.nonce}'`,
    `font-src ${r.cspSource}`,
    `img-src ${r.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(r.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="style-nonce" content="${escapeHtml(r.nonce)}">
<meta name="l10n-bundle" content="${escapeHtml(JSON.stringify(r.bundle))}">
<link rel="stylesheet" href="${escapeHtml(r.styleUri)}" nonce="${escapeHtml(r.nonce)}">
<title>${escapeHtml(r.title)}</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="${escapeHtml(vscode.l10n.t('Results'))}">
  <span id="request" class="request"></span>
  <span id="status" class="status" role="status" aria-live="polite"></span>
  <span id="busy" class="busy" hidden></span>
  <span id="announce" class="sr-only" role="status" aria-live="polite"></span>
  <button id="cancel" hidden>${escapeHtml(vscode.l10n.t('Cancel'))}</button>
  <span class="spacer"></span>
  <input id="filter" type="search" placeholder="${escapeHtml(vscode.l10n.t('Filter rows'))}" aria-label="${escapeHtml(vscode.l10n.t('Show only the rows containing this text'))}" spellcheck="false">
  <span id="shown" class="shown" aria-live="polite"></span>
  <button id="next" disabled title="${escapeHtml(vscode.l10n.t('Load the next page'))}">${escapeHtml(vscode.l10n.t('Next page'))}</button>
  <button id="all" disabled title="${escapeHtml(vscode.l10n.t('Load every page, up to the limit in settings'))}">${escapeHtml(vscode.l10n.t('All pages'))}</button>
  <button id="columns" aria-haspopup="true" aria-expanded="false" aria-controls="columns-popup">${escapeHtml(vscode.l10n.t('Columns…'))}</button>
  <button id="export-csv">${escapeHtml(vscode.l10n.t('Export CSV'))}</button>
  <button id="export-json">${escapeHtml(vscode.l10n.t('Export JSON'))}</button>
  <select id="copy-as" aria-label="${escapeHtml(vscode.l10n.t('Copy the request as code'))}">
    <option value="">${escapeHtml(vscode.l10n.t('Copy as…'))}</option>
    <option value="curl">curl</option>
    <option value="fetch">fetch</option>
    <option value="xrm">Xrm.WebApi</option>
    <option value="dynamicsWebApi">dynamics-web-api</option>
  </select>
</header>
<div id="columns-popup" class="popup" hidden role="group" aria-label="${escapeHtml(vscode.l10n.t('Columns to show'))}"><div id="column-list"></div></div>
<div id="error" class="error-banner" role="alert" hidden></div>
<nav role="tablist" aria-label="${escapeHtml(vscode.l10n.t('Views of the result'))}">
  <button role="tab" id="tab-grid" data-tab="grid" aria-controls="panel-grid" aria-selected="true">${escapeHtml(vscode.l10n.t('Results'))}</button>
  <button role="tab" id="tab-json" data-tab="json" aria-controls="panel-json" aria-selected="false" tabindex="-1">JSON</button>
  <button role="tab" id="tab-headers" data-tab="headers" aria-controls="panel-headers" aria-selected="false" tabindex="-1">${escapeHtml(vscode.l10n.t('Headers'))}</button>
  <button role="tab" id="tab-fetchxml" data-tab="fetchxml" aria-controls="panel-fetchxml" aria-selected="false" tabindex="-1" hidden>FetchXML</button>
</nav>
<main>
  <section id="panel-grid" role="tabpanel" aria-labelledby="tab-grid"><div id="grid" class="grid" aria-describedby="grid-keys"></div><p id="grid-keys" class="sr-only">${escapeHtml(vscode.l10n.t('Arrow keys move between cells, Home and End to the first and last cell of a row, Ctrl+C copies the cell, Enter on a column header sorts by it.'))}</p></section>
  <section id="panel-json" role="tabpanel" aria-labelledby="tab-json" hidden><p id="json-note" class="note" hidden></p><pre id="json" tabindex="0"></pre></section>
  <section id="panel-headers" role="tabpanel" aria-labelledby="tab-headers" hidden>
    <table class="headers"><thead><tr><th scope="col">${escapeHtml(vscode.l10n.t('Header'))}</th><th scope="col">${escapeHtml(vscode.l10n.t('Value'))}</th></tr></thead><tbody id="headers-body"></tbody></table>
  </section>
  <section id="panel-fetchxml" role="tabpanel" aria-labelledby="tab-fetchxml" hidden>
    <div class="actions"><button id="copy-fetchxml">${escapeHtml(vscode.l10n.t('Copy FetchXML'))}</button> <button id="open-fetchxml">${escapeHtml(vscode.l10n.t('Open as FetchXML'))}</button></div>
    <pre id="fetchxml" tabindex="0"></pre>
  </section>
</main>
<script nonce="${escapeHtml(r.nonce)}" src="${escapeHtml(r.scriptUri)}"></script>
</body>
</html>`;
}
