// The last response of each named request, kept per scratchpad and per organization: `{{create.id}}`
// reads them. VS Code reuses a closed scratchpad's URI (untitled:Untitled-1), and a scratchpad can
// move to another org, so responses are dropped with their document and never read on another org.
import type { RecordedResponse } from './responses';
import { orgKey as key } from '../../org/orgUrl';

interface DocumentResponses {
  readonly org: string;
  readonly named: Map<string, RecordedResponse>;
}

export class NamedResponses {
  private readonly byDocument = new Map<string, DocumentResponses>();

  /** Keeps `response` as the last of request `name` in `document`, run against `org`. */
  record(document: string, org: string, name: string, response: RecordedResponse): void {
    const entry = this.current(document, org) ?? { org: key(org), named: new Map<string, RecordedResponse>() };
    entry.named.set(name, response);
    this.byDocument.set(document, entry);
  }

  /** The responses `document` may read when it runs against `org` (none recorded on another org). */
  reader(document: string, org: string): (name: string) => RecordedResponse | undefined {
    return (name) => this.current(document, org)?.named.get(name);
  }

  /** The organization the document's responses came from, if it has any. */
  orgOf(document: string): string | undefined {
    return this.byDocument.get(document)?.org;
  }

  /** After the document's organization changed (or is no longer known): drops responses of any other. */
  keepFor(document: string, org: string | undefined): void {
    if (org === undefined) this.forget(document);
    else this.current(document, org);
  }

  /** Drops a document's responses: it was closed, or it now runs against another organization. */
  forget(document: string): void {
    this.byDocument.delete(document);
  }

  /** The organization was removed: every document's responses from it go (they hold its data). */
  forgetOrganization(org: string): void {
    for (const [document, entry] of this.byDocument) if (entry.org === key(org)) this.byDocument.delete(document);
  }

  clear(): void {
    this.byDocument.clear();
  }

  /** Responses recorded on another organization are dropped, never read. */
  private current(document: string, org: string): DocumentResponses | undefined {
    const entry = this.byDocument.get(document);
    if (entry && entry.org !== key(org)) this.byDocument.delete(document);
    return entry?.org === key(org) ? entry : undefined;
  }
}
