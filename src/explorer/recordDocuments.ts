// Records open as read-only JSON documents (a virtual document scheme, like rust-analyzer's views):
// columns in order with their formatted values beside the raw ones. The URI names the org, the
// table and the id; the content is fetched when the document is opened.
import * as vscode from 'vscode';
import { OrgUrl } from '../core/org/orgUrl';
import { isGuid } from '../core/explorer/orgLinks';
import { presentRecord } from '../core/explorer/recordView';
import { ALL_ANNOTATIONS, withPrefer } from '../core/webapi/prefer';
import type { ConnectionsService } from '../connections/connectionsService';

export const RECORD_SCHEME = 'dynamics365-record';

export interface RecordRef {
  org: OrgUrl;
  entitySetName: string;
  id: string;
}

/** dynamics365-record://<org host>/<entity set>/<id>.json */
export function recordUri(ref: RecordRef): vscode.Uri {
  return vscode.Uri.from({
    scheme: RECORD_SCHEME,
    authority: ref.org.host,
    path: `/${ref.entitySetName}/${ref.id}.json`,
  });
}

export function parseRecordUri(uri: vscode.Uri): RecordRef | undefined {
  const m = /^\/([A-Za-z0-9_]+)\/([0-9a-fA-F-]{36})\.json$/.exec(uri.path);
  const org = OrgUrl.parse(`https://${uri.authority}`);
  if (!m || !org.ok || !isGuid(m[2]!)) return undefined;
  return { org: org.value, entitySetName: m[1]!, id: m[2]! };
}

export class RecordDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly connections: ConnectionsService) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const ref = parseRecordUri(uri);
    if (!ref) return `// ${vscode.l10n.t('This is not a record address the extension can open.')}`;
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      const response = await this.connections.client(ref.org).send({
        path: `${ref.entitySetName}(${ref.id})`,
        headers: withPrefer(undefined, { annotations: ALL_ANNOTATIONS }),
        signal: abort.signal,
      });
      return JSON.stringify(presentRecord(response.json<Record<string, unknown>>()), null, 2) + '\n';
    } finally {
      subscription.dispose();
    }
  }
}
