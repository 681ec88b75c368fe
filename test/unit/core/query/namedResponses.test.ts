// Named responses belong to one scratchpad on one organization under one session: a response
// recorded for a document is not read by a later document at the same URI (VS Code reuses
// untitled:Untitled-1) once the first was closed, nor after the document moved to another
// organization, nor by another account signed in to the same organization.
import { strict as assert } from 'node:assert';
import { NamedResponses } from '../../../../src/core/query/run/namedResponses';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { resolveRequest } from '../../../../src/core/query/run/resolve';
import type { RecordedResponse } from '../../../../src/core/query/run/responses';

const A = 'https://contoso.crm.dynamics.com';
const B = 'https://fabrikam.crm4.dynamics.com';
const DOC = 'untitled:Untitled-1';
const ALICE = 'alice-session';
const BOB = 'bob-session';
const created: RecordedResponse = {
  status: 204,
  headers: { 'OData-EntityId': `${A}/api/data/v9.2/accounts(11111111-2222-3333-4444-555555555555)` },
  body: '',
};

function readsCreate(responses: NamedResponses, org: string, session: string | null = ALICE): string {
  const doc = parseDocument('# @name create\nPOST accounts\n\n{}\n###\nDELETE accounts({{create.id}})');
  const r = resolveRequest(doc, doc.requests[1]!, {
    entitySetOf: () => undefined,
    orgUrl: org,
    responses: responses.reader(DOC, org, session ?? undefined),
  });
  return r.ok ? r.request.path : r.errors.map((e) => e.code).join(',');
}

describe('named responses', () => {
  it('are read by the document that recorded them, on its organization', () => {
    const responses = new NamedResponses();
    responses.record(DOC, A, ALICE, 'create', created);
    assert.equal(readsCreate(responses, A), 'accounts(11111111-2222-3333-4444-555555555555)');
    assert.equal(
      readsCreate(responses, `${A.toUpperCase()}/`),
      'accounts(11111111-2222-3333-4444-555555555555)',
      'the same org written differently',
    );
    assert.equal(
      responses.reader('untitled:Untitled-2', A, ALICE)('create'),
      undefined,
      'another document does not see them',
    );
  });

  it('are gone once the document is closed, so a new document at the same URI does not read them', () => {
    const responses = new NamedResponses();
    responses.record(DOC, A, ALICE, 'create', created);
    responses.forget(DOC);
    assert.equal(readsCreate(responses, A), 'response-not-run');
    assert.equal(responses.orgOf(DOC), undefined);
  });

  it('are never read on another organization, and are dropped by it', () => {
    const responses = new NamedResponses();
    responses.record(DOC, A, ALICE, 'create', created);
    assert.equal(responses.orgOf(DOC), A);
    assert.equal(readsCreate(responses, B), 'response-not-run');
    assert.equal(
      readsCreate(responses, A),
      'response-not-run',
      'back on the first org, the dropped responses stay dropped',
    );
    responses.record(DOC, B, ALICE, 'create', created);
    assert.equal(responses.orgOf(DOC), B);
  });

  it('of every document go with their removed organization, and only those', () => {
    const responses = new NamedResponses();
    responses.record(DOC, A, ALICE, 'create', created);
    responses.record('untitled:Untitled-2', B, ALICE, 'create', created);
    responses.forgetOrganization(`${A.toUpperCase().replace('HTTPS', 'https')}/`);
    assert.equal(responses.orgOf(DOC), undefined);
    assert.equal(readsCreate(responses, A), 'response-not-run');
    assert.equal(responses.orgOf('untitled:Untitled-2'), B.toLowerCase());
  });

  it('are dropped as soon as the document names another organization, or none', () => {
    const responses = new NamedResponses();
    responses.record(DOC, A, ALICE, 'create', created);
    responses.keepFor(DOC, `${A}/`);
    assert.equal(responses.orgOf(DOC), A, 'the same organization keeps them');
    responses.keepFor(DOC, B);
    assert.equal(responses.orgOf(DOC), undefined);
    assert.equal(readsCreate(responses, A), 'response-not-run');
    responses.record(DOC, A, ALICE, 'create', created);
    responses.keepFor(DOC, undefined);
    assert.equal(readsCreate(responses, A), 'response-not-run');
  });

  it('are never read under another session of the same organization, and are dropped by it', () => {
    const responses = new NamedResponses();
    responses.record(DOC, A, ALICE, 'create', created);
    assert.equal(readsCreate(responses, A, BOB), 'response-not-run', "another account reads the first one's response");
    assert.equal(readsCreate(responses, A, ALICE), 'response-not-run', 'the dropped responses stay dropped');
    responses.record(DOC, A, BOB, 'create', created);
    assert.equal(readsCreate(responses, A, BOB), 'accounts(11111111-2222-3333-4444-555555555555)');
  });

  it('are not read when no one is signed in to the organization', () => {
    const responses = new NamedResponses();
    responses.record(DOC, A, ALICE, 'create', created);
    assert.equal(readsCreate(responses, A, null), 'response-not-run');
  });

  it('go when their session is signed out, and only those, in every document', () => {
    const responses = new NamedResponses();
    responses.record(DOC, A, ALICE, 'create', created);
    responses.record('untitled:Untitled-2', A, BOB, 'create', created);
    responses.record('untitled:Untitled-3', B, ALICE, 'create', created);
    responses.keepSignedIn(new Set([BOB]));
    assert.equal(responses.orgOf(DOC), undefined);
    assert.equal(responses.orgOf('untitled:Untitled-3'), undefined);
    assert.equal(
      readsCreate(responses, A, ALICE),
      'response-not-run',
      'signing the same account in again brings nothing back',
    );
    assert.equal(responses.orgOf('untitled:Untitled-2'), A);
    assert.ok(responses.reader('untitled:Untitled-2', A, BOB)('create'));
    responses.keepSignedIn(new Set());
    assert.ok(responses.isEmpty());
  });
});
