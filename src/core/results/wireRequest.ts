// The request a run sent, as "Copy as…" must reproduce it: a $batch is POST $batch with its
// multipart/mixed body and Content-Type (the headers written under POST $batch included), not an
// empty POST. Credential headers of the parts are left out like the request's own (snippets.ts).
import { buildBatch, type BatchItem, type BatchRequest } from '../webapi/batch';
import type { RunnableRequest } from '../query/run/resolve';
import { isSecretHeader } from '../query/run/secretHeaders';
import { batchItems } from './execute';
import type { SnippetRequest } from './snippets';

/** `apiUrl`: the org's `<org>/api/data/v9.2/`; `resolve` turns a request path into its absolute URL. */
export function wireRequest(
  request: RunnableRequest,
  apiUrl: string,
  resolve: (path: string) => string,
): SnippetRequest {
  if (!request.batch) {
    return {
      method: request.method,
      url: resolve(request.path),
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    };
  }
  const built = buildBatch(batchItems(request.batch).map(withoutSecrets), { apiUrl });
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([k]) => k.toLowerCase() !== 'content-type'),
  );
  return {
    method: 'POST',
    url: resolve('$batch'),
    headers: { ...headers, 'Content-Type': built.contentType },
    body: built.body,
  };
}

function withoutSecrets(item: BatchItem): BatchItem {
  const clean = (r: BatchRequest): BatchRequest => ({
    ...r,
    headers: Object.fromEntries(Object.entries(r.headers ?? {}).filter(([k]) => !isSecretHeader(k))),
  });
  return 'changeSet' in item ? { changeSet: item.changeSet.map(clean) } : clean(item);
}
