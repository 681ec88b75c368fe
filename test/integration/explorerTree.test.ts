// The explorer's tree built from the extension's own classes inside a real VS Code, against the
// sandbox org seeded with the real CSDL: every table with its display name and group, a table's
// columns, relationships, keys, choices and records, the disk cache, throttling and token expiry.
// Sessions come from the extension's provider through vscode.authentication, as another
// extension would get them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { MemoryLogSink, RedactingLogger } from '../../src/core/log/logger';
import { Configuration } from '../../src/platform/config/configuration';
import { ConnectionsService } from '../../src/connections/connectionsService';
import { MetadataService } from '../../src/connections/metadataService';
import type { ExplorerContext } from '../../src/explorer/context';
import { ExplorerProvider } from '../../src/explorer/explorerProvider';
import type { ExplorerNode } from '../../src/explorer/nodes/node';
import type { TableNode } from '../../src/explorer/nodes/tableNodes';
import { RecordPages } from '../../src/explorer/recordPages';
import { TableFilters } from '../../src/explorer/tableFilters';
import { HttpClientFactory } from '../../src/platform/net/httpClientFactory';
import { activatedExtension } from './extension';
import { control, request, sandbox } from './sandbox';
import { signInWithDeviceCode } from './signInSteps';
import type { SessionSource } from '../../src/core/ports';

const info = sandbox();
const org = OrgUrl.from(info.orgUrl);
const scopes = [`${org.url}/user_impersonation`];

/** Sessions of the real provider, read the way another extension reads them. */
const sessionSource: SessionSource = {
  onDidChangeSessions: (listener) =>
    vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id === 'dynamics365') listener();
    }),
  sessions: async () => {
    const s = await vscode.authentication.getSession('dynamics365', scopes, { silent: true });
    return s ? [{ id: s.id, orgUrl: org.url, account: s.account.label, application: false }] : [];
  },
  accessToken: async () => {
    const s = await vscode.authentication.getSession('dynamics365', scopes, { silent: true });
    if (!s) throw new Error('signed out');
    return s.accessToken;
  },
};

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

interface Tree {
  provider: ExplorerProvider;
  metadata: MetadataService;
  records: RecordPages;
  filters: TableFilters;
  dispose(): void;
}

function buildTree(cacheDir: string, memento = new MemoryMemento()): Tree {
  const log = new RedactingLogger(new MemoryLogSink(), () => 'debug');
  const configuration = new Configuration();
  const http = new HttpClientFactory(configuration, log, 'explorer-test');
  const connections = new ConnectionsService(
    () => configuration.settings,
    configuration.onDidChange,
    sessionSource,
    () => http.get(),
    log,
  );
  const metadata = new MetadataService(connections, cacheDir, log);
  const records = new RecordPages(connections);
  const filters = new TableFilters(memento);
  const ctx: ExplorerContext = {
    connections,
    filters,
    records,
    withProgress: (task) => task(),
    metadata: (o) => ({ tables: (s) => metadata.tables(o, s), details: (n, s) => metadata.details(o, n, s) }),
  };
  const provider = new ExplorerProvider(connections, ctx);
  return {
    provider,
    metadata,
    records,
    filters,
    dispose: () => {
      provider.dispose();
      metadata.dispose();
      connections.dispose();
      http.dispose();
      configuration.dispose();
    },
  };
}

function labelOf(node: ExplorerNode): string {
  const label = node.getTreeItem().label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

async function child(
  node: ExplorerNode | undefined,
  label: string | RegExp,
  provider: ExplorerProvider,
): Promise<ExplorerNode> {
  const children = await provider.getChildren(node);
  const found = children.find((c) => (typeof label === 'string' ? labelOf(c) === label : label.test(labelOf(c))));
  assert.ok(found, `no "${label}" under ${node ? labelOf(node) : 'the root'}: ${children.map(labelOf).join(', ')}`);
  return found;
}

async function orgTables(provider: ExplorerProvider): Promise<ExplorerNode> {
  const orgNode = await child(undefined, 'Sandbox', provider);
  return child(orgNode, 'Tables', provider);
}

/** Every table under Tables, by group label. */
async function tablesByGroup(provider: ExplorerProvider): Promise<Map<string, ExplorerNode[]>> {
  const tables = await orgTables(provider);
  const groups = await provider.getChildren(tables);
  const out = new Map<string, ExplorerNode[]>();
  for (const group of groups) out.set(labelOf(group), await provider.getChildren(group));
  return out;
}

async function entityDefinitions(): Promise<
  {
    LogicalName: string;
    DisplayName: { UserLocalizedLabel?: { Label: string } | null };
    IsCustomEntity: boolean;
    IsActivity: boolean;
    IsIntersect: boolean;
  }[]
> {
  const session = await vscode.authentication.getSession('dynamics365', scopes, { silent: true });
  const reply = await request(
    `${org.url}/api/data/v9.2/EntityDefinitions?$select=LogicalName,DisplayName,IsCustomEntity,IsActivity,IsIntersect`,
    {
      headers: { Authorization: `Bearer ${session?.accessToken}`, Accept: 'application/json' },
    },
  );
  assert.equal(reply.status, 200, reply.body);
  return (JSON.parse(reply.body) as { value: [] }).value;
}

describe('explorer tree against the sandbox org', function () {
  this.timeout(120_000);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-explorer-'));
  let tree: Tree;

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
    await signInWithDeviceCode();
    tree = buildTree(cacheDir);
  });
  after(async () => {
    tree?.dispose();
    await control('/faults/reset', {});
    await vscode.commands.executeCommand('dynamics365.signOut', org.url);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('lists every table once, with its display name, in the right group', async () => {
    const expected = await entityDefinitions();
    const groups = await tablesByGroup(tree.provider);
    const shown = [...groups.values()].flat();
    assert.equal(shown.length, expected.length);
    for (const e of expected) {
      const group = e.IsIntersect
        ? 'Intersect'
        : e.IsActivity
          ? 'Activities'
          : e.IsCustomEntity
            ? 'Custom'
            : 'Standard';
      const node = groups.get(group)?.find((n) => n.getTreeItem().description === e.LogicalName);
      assert.ok(node, `${e.LogicalName} is not under ${group}`);
      assert.equal(labelOf(node), e.DisplayName.UserLocalizedLabel?.Label ?? e.LogicalName);
    }
  });

  it('expands account: columns with types, relationships of every kind, keys and choices', async () => {
    const account = (await tablesByGroup(tree.provider))
      .get('Standard')!
      .find((n) => n.getTreeItem().description === 'account')!;
    const folders = await tree.provider.getChildren(account);
    assert.deepEqual(folders.map(labelOf), ['Columns', 'Relationships', 'Keys', 'Choices', 'Records']);
    const columns = await tree.provider.getChildren(folders[0]);
    const name = columns.find((c) => labelOf(c) === 'name');
    assert.match(String(name?.getTreeItem().description), /^Text\(\d+\)/);
    const primaryContact = columns.find((c) => labelOf(c) === 'primarycontactid');
    assert.match(String(primaryContact?.getTreeItem().description), /Lookup → contact/);
    const relationships = await tree.provider.getChildren(folders[1]);
    assert.deepEqual(relationships.map(labelOf), ['One-to-many (1:N)', 'Many-to-one (N:1)', 'Many-to-many (N:N)']);
    for (const kind of relationships.slice(0, 2)) {
      assert.ok((await tree.provider.getChildren(kind)).length > 1, `${labelOf(kind)} is empty`);
    }
    const keys = await tree.provider.getChildren(folders[2]);
    assert.ok(keys.length >= 1);
    const choices = await tree.provider.getChildren(folders[3]);
    assert.ok(
      choices.some((c) => /state|status/i.test(labelOf(c))),
      `choices: ${choices.map(labelOf).join(', ')}`,
    );
  });

  it('gives every item a screen-reader label that says what it is, not only its name', async () => {
    const spoken = (node: ExplorerNode): string => node.getTreeItem().accessibilityInformation?.label ?? '';
    const orgNode = await child(undefined, 'Sandbox', tree.provider);
    assert.match(spoken(orgNode), /^Organization Sandbox, signed in as .+@/);
    const tables = await child(orgNode, 'Tables', tree.provider);
    assert.equal(spoken(tables), 'Tables');
    const standard = await child(tables, 'Standard', tree.provider);
    assert.match(spoken(standard), /^Standard tables, \d+$/);
    const account = (await tree.provider.getChildren(standard)).find((n) => n.getTreeItem().description === 'account')!;
    assert.equal(spoken(account), 'Table Account, logical name account');
    const [columns, relationships, keys, , records] = await tree.provider.getChildren(account);
    assert.equal(spoken(columns!), 'Columns of table Account');
    const name = (await tree.provider.getChildren(columns)).find((c) => labelOf(c) === 'name')!;
    assert.match(spoken(name), /^Column name, Text\(\d+\)/);
    const [oneToMany] = await tree.provider.getChildren(relationships);
    assert.match(spoken(oneToMany!), /^One-to-many \(1:N\), \d+$/);
    const relationship = (await tree.provider.getChildren(oneToMany))[0]!;
    assert.match(spoken(relationship), /^Relationship \w+ with table \w+/);
    const key = (await tree.provider.getChildren(keys))[0]!;
    assert.match(spoken(key), /^Alternate key .+ on /);
    assert.equal(spoken(records!), 'Records of table Account');
    const record = (await tree.provider.getChildren(records))[0]!;
    assert.match(spoken(record), /^Record .+, id [0-9a-f-]{36}$/);
  });

  it('shows a first page of records labelled by name, and loads more', async () => {
    const account = (await tablesByGroup(tree.provider))
      .get('Standard')!
      .find((n) => n.getTreeItem().description === 'account')!;
    const recordsFolder = (await tree.provider.getChildren(account)).find((f) => labelOf(f) === 'Records')!;
    const first = await tree.provider.getChildren(recordsFolder);
    const more = first.at(-1)!;
    assert.equal(labelOf(more), 'Load more…');
    assert.equal(first.length, 51);
    assert.ok(first.slice(0, -1).every((r) => labelOf(r) && labelOf(r) !== '(no name)'));
    await tree.records.loadMore(org, (account as TableNode).table);
    const second = await tree.provider.getChildren(recordsFolder);
    assert.ok(second.length > first.length, `still ${second.length} rows`);
  });

  it('narrows tables by the filter and keeps it for the organization', async () => {
    await tree.filters.set(org, 'new_*, contact');
    const shown = [...(await tablesByGroup(tree.provider)).values()]
      .flat()
      .map((n) => String(n.getTreeItem().description));
    assert.ok(shown.length >= 1);
    assert.ok(
      shown.every((n) => n.startsWith('new_') || n.includes('contact')),
      shown.join(', '),
    );
    assert.equal(labelOf(await orgTables(tree.provider)), 'Tables');
    assert.equal((await orgTables(tree.provider)).getTreeItem().description, 'filter: new_*, contact');
    await tree.filters.set(org, '');
  });

  it('a second window paints the tables from the disk cache', async () => {
    const before = await tablesByGroup(tree.provider);
    await tree.metadata.forOrg(org).whenIdle();
    const second = buildTree(cacheDir);
    try {
      await control('/faults', { tokenEndpointDown: true, serverErrorRate: 1 });
      // With the org answering nothing but errors, only the disk cache can paint the tree.
      const after = await tablesByGroup(second.provider);
      assert.deepEqual([...after.keys()], [...before.keys()]);
      assert.equal([...after.values()].flat().length, [...before.values()].flat().length);
      assert.equal(second.metadata.forOrg(org).status.source, 'cache');
    } finally {
      await control('/faults/reset', {});
      second.dispose();
    }
  });

  it('a 429 storm while expanding still ends in a full tree', async () => {
    const fresh = buildTree(fs.mkdtempSync(path.join(os.tmpdir(), 'd365-explorer-')));
    try {
      await control('/faults', { throttleNext: 3, throttleRetryAfterSeconds: 1 });
      const contact = (await tablesByGroup(fresh.provider))
        .get('Standard')!
        .find((n) => n.getTreeItem().description === 'contact')!;
      const columns = await fresh.provider.getChildren((await fresh.provider.getChildren(contact))[0]);
      assert.ok(columns.length > 50, `${columns.length} columns`);
      assert.ok(!columns.some((c) => c.getTreeItem().contextValue === 'dynamics365.error'));
    } finally {
      await control('/faults/reset', {});
      fresh.dispose();
    }
  });

  it('a token that expires while expanding is renewed and the tree completes', async () => {
    await control('/settings', { tokenLifetimeSeconds: 120 });
    await vscode.commands.executeCommand('dynamics365.signOut', org.url);
    await signInWithDeviceCode();
    await control('/settings', { tokenLifetimeSeconds: 3600 });
    const fresh = buildTree(fs.mkdtempSync(path.join(os.tmpdir(), 'd365-explorer-')));
    try {
      const groups = await tablesByGroup(fresh.provider);
      const account = groups.get('Standard')!.find((n) => n.getTreeItem().description === 'account')!;
      const keys = await fresh.provider.getChildren((await fresh.provider.getChildren(account))[2]);
      assert.ok(!keys.some((c) => c.getTreeItem().contextValue === 'dynamics365.error'));
    } finally {
      fresh.dispose();
    }
  });

  it('turns a failure into an error node with Retry, never an empty tree', async () => {
    const fresh = buildTree(fs.mkdtempSync(path.join(os.tmpdir(), 'd365-explorer-')));
    try {
      await control('/faults', { serverErrorRate: 1 });
      const tablesNode = await orgTables(fresh.provider);
      const children = await fresh.provider.getChildren(tablesNode);
      assert.equal(children.length, 1);
      const item = children[0]!.getTreeItem();
      assert.equal(item.contextValue, 'dynamics365.error');
      assert.equal(item.command?.command, 'dynamics365.explorer.retry');
      await control('/faults/reset', {});
      assert.ok((await fresh.provider.getChildren(tablesNode)).length >= 2, 'Retry loads the tables');
    } finally {
      await control('/faults/reset', {});
      fresh.dispose();
    }
  });
});
