// The work behind the FetchXML ↔ OData conversion actions, loaded with the scratchpad engine's chunk
// (through engine.ts) so the main bundle keeps only their registration (convertActions.ts): which
// conversion a block offers, and converting it into a new block below the source.
import * as vscode from 'vscode';
import { UserError } from '../core/userError';
import { snapshotSource, type ConvertResult, type TableSource } from '../core/query/convert/conversion';
import { fetchXmlToOData } from '../core/query/convert/fetchToOData';
import { odataToFetchXml } from '../core/query/convert/odataToFetch';
import { requestAt, type ScratchRequest } from '../core/query/syntax/syntax';
import type { MetadataService } from '../connections/metadataService';
import type { ScratchpadEngine } from './engine';
import { fromVsPosition, toVsPosition } from './documents';
import { isScratchpad } from './language';

export type Direction = 'toOData' | 'toFetchXml';

/** What a conversion command returns: the new block's request index and its text. */
export interface ConvertOutcome {
  readonly index: number;
  readonly text: string;
}

export function directionOf(request: ScratchRequest): Direction | undefined {
  if (request.kind === 'fetchxml' && request.fetch) return 'toOData';
  if (request.kind === 'http' && request.line?.method === 'GET' && !request.body) return 'toFetchXml';
  return undefined;
}

export async function convertBlock(
  engine: ScratchpadEngine,
  metadata: MetadataService,
  direction: Direction,
  uriArg: unknown,
  indexArg: unknown,
): Promise<ConvertOutcome> {
  const document =
    uriArg instanceof vscode.Uri
      ? await vscode.workspace.openTextDocument(uriArg)
      : vscode.window.activeTextEditor?.document;
  if (!document || !isScratchpad(document)) {
    throw new UserError(vscode.l10n.t('Open a Dynamics 365 scratchpad (.dvq) first.'));
  }
  const doc = engine.documents.get(document);
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const request =
    typeof indexArg === 'number'
      ? doc.requests[indexArg]
      : editor && requestAt(doc, fromVsPosition(editor.selection.active));
  if (!request || directionOf(request) !== direction) {
    throw new UserError(
      direction === 'toOData'
        ? vscode.l10n.t('Put the cursor in a FetchXML block to convert it to OData.')
        : vscode.l10n.t('Put the cursor in a GET block to convert it to FetchXML.'),
    );
  }
  const org = await engine.orgs.resolve(document);
  const orgMetadata = metadata.forOrg(org);
  const snapshot = await orgMetadata.open();
  const source = snapshotSource(snapshot, (name) => orgMetadata.loadDetails(name));
  const result = await convert(request, direction, source);
  if (!result.ok) {
    throw new UserError(
      direction === 'toOData'
        ? vscode.l10n.t('This FetchXML cannot become OData: {0}', result.reason)
        : vscode.l10n.t('This OData query cannot become FetchXML: {0}', result.reason),
    );
  }
  const title =
    direction === 'toOData'
      ? vscode.l10n.t('OData converted from the FetchXML above')
      : vscode.l10n.t('FetchXML converted from the query above');
  const at = toVsPosition(request.blockRange.end);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, at, `\n\n### ${title}\n${result.text}\n`);
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new UserError(vscode.l10n.t('The scratchpad could not be edited.'));
  }
  const start = new vscode.Position(at.line + 3, 0);
  if (editor) editor.selection = new vscode.Selection(start, start);
  return { index: request.index + 1, text: result.text };
}

async function convert(request: ScratchRequest, direction: Direction, source: TableSource): Promise<ConvertResult> {
  const text = direction === 'toOData' ? request.fetch!.text : request.line!.target.text;
  if (text.includes('{{')) {
    throw new UserError(
      vscode.l10n.t('Replace the variables ({0}) in this query by their values before converting it.', '{{…}}'),
    );
  }
  if (direction === 'toOData') return fetchXmlToOData(text, source);
  const prefer = request.headers.find((h) => h.name.toLowerCase() === 'prefer')?.value ?? '';
  const size = /odata\.maxpagesize=(\d+)/i.exec(prefer)?.[1];
  return odataToFetchXml(text, source, size ? Number(size) : undefined);
}

/** The conversion the block under `position` offers, with its request index. */
export function conversionAt(
  engine: ScratchpadEngine,
  document: vscode.TextDocument,
  position: vscode.Position,
): { direction: Direction; index: number } | undefined {
  const request = requestAt(engine.documents.get(document), fromVsPosition(position));
  const direction = request && directionOf(request);
  return request && direction ? { direction, index: request.index } : undefined;
}
