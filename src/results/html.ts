// The results page's HTML: a strict Content Security Policy (no remote resources, scripts and
// styles only from the extension with this page's nonce), the toolbar, tabs and grid container.
// Nothing from a response is ever in here: the page fills itself from messages, as text.

export interface ResultsPageResources {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  title: string;
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
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="style-nonce" content="${escapeHtml(r.nonce)}">
<link rel="stylesheet" href="${escapeHtml(r.styleUri)}" nonce="${escapeHtml(r.nonce)}">
<title>${escapeHtml(r.title)}</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Results">
  <span id="request" class="request"></span>
  <span id="status" class="status" role="status" aria-live="polite"></span>
  <span id="busy" class="busy" hidden></span>
  <button id="cancel" hidden>Cancel</button>
  <span class="spacer"></span>
  <input id="filter" type="search" placeholder="Filter rows" aria-label="Show only the rows containing this text" spellcheck="false">
  <span id="shown" class="shown" aria-live="polite"></span>
  <button id="next" disabled title="Load the next page">Next page</button>
  <button id="all" disabled title="Load every page, up to the limit in settings">All pages</button>
  <button id="columns" aria-haspopup="true" aria-expanded="false" aria-controls="columns-popup">Columns…</button>
  <button id="export-csv">Export CSV</button>
  <button id="export-json">Export JSON</button>
  <select id="copy-as" aria-label="Copy the request as code">
    <option value="">Copy as…</option>
    <option value="curl">curl</option>
    <option value="fetch">fetch</option>
    <option value="xrm">Xrm.WebApi</option>
    <option value="dynamicsWebApi">dynamics-web-api</option>
  </select>
</header>
<div id="columns-popup" class="popup" hidden role="group" aria-label="Columns to show"><div id="column-list"></div></div>
<div id="error" class="error-banner" role="alert" hidden></div>
<nav role="tablist" aria-label="Views of the result">
  <button role="tab" id="tab-grid" data-tab="grid" aria-controls="panel-grid" aria-selected="true">Results</button>
  <button role="tab" id="tab-json" data-tab="json" aria-controls="panel-json" aria-selected="false" tabindex="-1">JSON</button>
  <button role="tab" id="tab-headers" data-tab="headers" aria-controls="panel-headers" aria-selected="false" tabindex="-1">Headers</button>
  <button role="tab" id="tab-fetchxml" data-tab="fetchxml" aria-controls="panel-fetchxml" aria-selected="false" tabindex="-1" hidden>FetchXML</button>
</nav>
<main>
  <section id="panel-grid" role="tabpanel" aria-labelledby="tab-grid"><div id="grid" class="grid"></div></section>
  <section id="panel-json" role="tabpanel" aria-labelledby="tab-json" hidden><p id="json-note" class="note" hidden></p><pre id="json" tabindex="0"></pre></section>
  <section id="panel-headers" role="tabpanel" aria-labelledby="tab-headers" hidden>
    <table class="headers"><thead><tr><th scope="col">Header</th><th scope="col">Value</th></tr></thead><tbody id="headers-body"></tbody></table>
  </section>
  <section id="panel-fetchxml" role="tabpanel" aria-labelledby="tab-fetchxml" hidden>
    <div class="actions"><button id="copy-fetchxml">Copy FetchXML</button> <button id="open-fetchxml">Open as FetchXML</button></div>
    <pre id="fetchxml" tabindex="0"></pre>
  </section>
</main>
<script nonce="${escapeHtml(r.nonce)}" src="${escapeHtml(r.scriptUri)}"></script>
</body>
</html>`;
}
