// The last response of each named request, kept per scratchpad, organization and session: `{{create.id}}`
// reads them. VS Code reuses a closed scratchpad's URI (untitled:Untitled-1), a scratchpad can move
// to another org, and another account can sign in to the same org in the same window, so responses
// are dropped with their document and never read on another org or under another session (they hold
// data the account that fetched them may see and the next may not).
import type { RecordedResponse } from './responses';
import { orgKey as key } from '../../org/orgUrl';

interface DocumentResponses {
  readonly org: string;
  /** The id of the session the responses were fetched with. */
  readonly session: string;
  readonly named: Map<string, RecordedResponse>;
}

export class NamedResponses {
  private readonly byDocument = new Map<string, DocumentResponses>();

  /** Keeps `response` as the last of request `name` in `document`, run against `org` with `session`. */
  record(document: string, org: string, session: string, name: string, response: RecordedResponse): void {
    const entry = this.current(document, org, session) ?? {
      org: key(org),
      session,
      named: new Map<string, RecordedResponse>(),
    };
    entry.named.set(name, response);
    this.byDocument.set(document, entry);
  }

  /**
   * The responses `document` may read when it runs against `org` with `session`: none recorded on
   * another org or under another session, and none when no one is signed in (`session` undefined).
   */
  reader(document: string, org: string, session: string | undefined): (name: string) => RecordedResponse | undefined {
    return (name) => this.current(document, org, session)?.named.get(name);
  }

  /** The organization the document's responses came from, if it has any. */
  orgOf(document: string): string | undefined {
    return this.byDocument.get(document)?.org;
  }

  /** True when no document has a response: a change of sessions has nothing to drop. */
  isEmpty(): boolean {
    return this.byDocument.size === 0;
  }

  /** After the document's organization changed (or is no longer known): drops responses of any other. */
  keepFor(document: string, org: string | undefined): void {
    const entry = this.byDocument.get(document);
    if (entry && (org === undefined || entry.org !== key(org))) this.forget(document);
  }

  /** Drops a document's responses: it was closed, or it now runs against another organization. */
  forget(document: string): void {
    this.byDocument.delete(document);
  }

  /** The organization was removed: every document's responses from it go (they hold its data). */
  forgetOrganization(org: string): void {
    for (const [document, entry] of this.byDocument) if (entry.org === key(org)) this.byDocument.delete(document);
  }

  /** Sessions changed: responses fetched with a session that is no longer signed in go. */
  keepSignedIn(sessions: ReadonlySet<string>): void {
    for (const [document, entry] of this.byDocument) if (!sessions.has(entry.session)) this.byDocument.delete(document);
  }

  clear(): void {
    this.byDocument.clear();
  }

  /** Responses recorded on another organization or under another session are dropped, never read. */
  private current(document: string, org: string, session: string | undefined): DocumentResponses | undefined {
    const entry = this.byDocument.get(document);
    if (!entry) return undefined;
    if (entry.org === key(org) && entry.session === session) return entry;
    this.byDocument.delete(document);
    return undefined;
  }
}
