// Generated Web API types compile under `tsc --strict` for every table of the real CSDL, and code
// that reads, creates and updates records with them type-checks, while a wrong property does not.
import * as assert from 'node:assert/strict';
import ts from 'typescript';
import { generateTypes, keepUnchanged, type GeneratedFile } from '../../../../src/core/metadata/typegen/generate';
import type { ChoiceInfo, ColumnInfo, TableDetails } from '../../../../src/core/metadata/model';
import { csdlSnapshot } from '../query/csdlSnapshot';

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: [],
  lib: ['lib.es2022.d.ts'],
  skipLibCheck: true,
};

/** Type-checks in-memory files in one program; returns the diagnostics as text. */
function compile(files: Record<string, string>): string[] {
  const host = ts.createCompilerHost(OPTIONS);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const virtual = new Map(Object.entries(files).map(([k, v]) => [`/gen/${k}`, v]));
  host.fileExists = (f) => virtual.has(f) || exists(f);
  const dirExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => d === '/gen' || (dirExists ? dirExists(d) : false);
  host.readFile = (f) => virtual.get(f) ?? read(f);
  host.getSourceFile = (f, lang, onError) =>
    virtual.has(f) ? ts.createSourceFile(f, virtual.get(f)!, lang) : getSourceFile(f, lang, onError);
  const program = ts.createProgram([...virtual.keys()], OPTIONS, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

const SYSTEM_LOOKUPS = /^(created|modified)(by|onbehalfby)$|^owning/;

/**
 * Every table of the CSDL. The CSDL marks `_x_value` properties read-only, where EntityDefinitions
 * says lookups are valid for create and update (binding is how they are written): as a real org does.
 */
function allTables(): TableDetails[] {
  const snap = csdlSnapshot();
  return snap.tables.map((t) => {
    const d = snap.details(t.logicalName)!;
    const writable = (c: ColumnInfo): boolean =>
      (c.kind === 'lookup' || c.kind === 'customer') && !c.attributeOf && !SYSTEM_LOOKUPS.test(c.logicalName);
    const columns = d.columns.map((c) => (writable(c) ? { ...c, isValidForCreate: true, isValidForUpdate: true } : c));
    return { ...d, columns };
  });
}

function asRecord(files: GeneratedFile[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f.path, f.content]));
}

const base = {
  orgUrl: 'https://contoso.crm.dynamics.com',
  metadataVersion: '1234!12/07/2026',
  generatedAt: new Date(0),
};

const SAMPLE = `
import { Account, AccountCreate, AccountUpdate, AccountColumns, EntitySetNames, TableNames, AccountStatecode } from './dataverse';
declare const read: Account;
const name: string | null | undefined = read.name;
const parent: string | null | undefined = read._parentaccountid_value;
const parentLabel: string | undefined = read['_parentaccountid_value@OData.Community.Display.V1.FormattedValue'];
const parentTable: 'account' | undefined = read['_parentaccountid_value@Microsoft.Dynamics.CRM.lookuplogicalname'];
const state: AccountStatecode | null | undefined = read.statecode;
const created: string | null | undefined = read.createdon;
const revenue: number | null | undefined = read.revenue;
const create: AccountCreate = {
  name: 'Contoso',
  revenue: 10,
  'parentaccountid@odata.bind': '/accounts(00000000-0000-0000-0000-000000000001)',
};
const update: AccountUpdate = { name: 'Fabrikam', 'primarycontactid@odata.bind': '/contacts(1)' };
const set: 'accounts' = EntitySetNames.account;
const logical: 'account' = TableNames.Account;
const column: 'name' = AccountColumns.name;
export { name, parent, parentLabel, parentTable, state, created, revenue, create, update, set, logical, column };
`;

describe('typegen: TypeScript types from metadata', function () {
  this.timeout(120_000);

  it('compiles with --strict for every table of the real CSDL, with a sample that reads, creates and updates', () => {
    const tables = allTables();
    assert.ok(tables.length > 200);
    const files = generateTypes({ ...base, allTables: tables.map((d) => d.table), tables, layout: 'file' });
    assert.deepEqual(compile({ ...asRecord(files), 'sample.ts': SAMPLE }), []);
  });

  it('fails the sample on a wrong property, a wrong bind target and a read-only column', () => {
    const tables = allTables().filter((d) => ['account', 'contact'].includes(d.table.logicalName));
    const files = asRecord(generateTypes({ ...base, allTables: tables.map((d) => d.table), tables, layout: 'file' }));
    const bad = [
      `import { AccountCreate } from './dataverse'; export const x: AccountCreate = { nmae: 'typo' };`,
      `import { AccountCreate } from './dataverse'; export const x: AccountCreate = { 'parentaccountid@odata.bind': '/contacts(1)' };`,
      `import { Account } from './dataverse'; declare const a: Account; export const n: number = a._parentaccountid_value;`,
      `import { AccountUpdate } from './dataverse'; export const x: AccountUpdate = { createdon: '2020-01-01' };`,
      `import { AccountCreate } from './dataverse'; export const x: AccountCreate = { parentaccountid: '1' };`,
    ];
    for (const sample of bad) {
      const errors = compile({ ...files, 'sample.ts': sample });
      assert.ok(errors.length > 0, `should not compile: ${sample}`);
      assert.ok(
        errors.every((e) => e.startsWith('/gen/sample.ts')),
        errors.join('\n'),
      );
    }
  });

  it('compiles as a folder: choices.ts plus one file per table importing the global enums', () => {
    const tables = withGlobalChoice(
      allTables().filter((d) => ['account', 'contact', 'lead'].includes(d.table.logicalName)),
    );
    const files = generateTypes({ ...base, allTables: tables.map((d) => d.table), tables, layout: 'folder' });
    assert.deepEqual(
      files.map((f) => f.path),
      ['choices.ts', 'account.ts', 'contact.ts', 'lead.ts'],
    );
    assert.match(files[1]!.content, /import \{ BudgetStatus \} from '\.\/choices';/);
    const sample = `import { Account } from './account'; import { BudgetStatus } from './choices';
      declare const a: Account; export const s: BudgetStatus | null | undefined = a.new_budget; export const v = BudgetStatus._1ApprovedNow;`;
    assert.deepEqual(compile({ ...asRecord(files), 'sample.ts': sample }), []);
  });

  it('types multi-select as the comma string, file and image columns as strings, lookups by target', () => {
    const tables = withGlobalChoice(allTables().filter((d) => d.table.logicalName === 'account'));
    const [file] = generateTypes({ ...base, allTables: tables.map((d) => d.table), tables, layout: 'file' });
    const text = file!.content;
    assert.match(text, /new_tags\?: string \| null;/);
    assert.match(text, /\/\*\* Tags · MultiSelectPicklistType · comma-separated values of AccountNewTags \*\//);
    assert.match(text, /new_contract\?: string \| null;/);
    assert.match(text, /new_logo\?: string \| null;/);
    assert.match(text, /"parentaccountid@odata.bind"\?: `\/accounts\(\$\{string\}\)`;/);
    // A label with a comment terminator stays inside its comment.
    assert.match(text, /\/\*\* 1 Approved \*\\\/ now \*\//);
  });

  it('compiles whatever the org put in names and labels (backticks, ${, comment ends, line breaks)', () => {
    const [account] = allTables().filter((d) => d.table.logicalName === 'account');
    const hostile: TableDetails = {
      ...account!,
      table: { ...account!.table, entitySetName: 'acc`ounts${x}\\', displayName: 'Acc */ ount\nline' },
      columns: account!.columns.map((c) =>
        c.logicalName === 'name' ? { ...c, attributeTypeName: 'String*/Type', displayName: 'A\u2028B */ C' } : c,
      ),
    };
    const files = asRecord(generateTypes({ ...base, allTables: [hostile.table], tables: [hostile], layout: 'file' }));
    const sample = `import { AccountCreate, EntitySetNames } from './dataverse';
      export const c: AccountCreate = { 'parentaccountid@odata.bind': '/acc\`ounts\${x}\\\\(1)' };
      export const s: string = EntitySetNames.account;`;
    assert.deepEqual(compile({ ...files, 'sample.ts': sample }), []);
  });

  it('keeps the file as it was when only the header would change', () => {
    const tables = allTables().filter((d) => d.table.logicalName === 'contact');
    const gen = (at: Date, version: string): string =>
      generateTypes({ ...base, metadataVersion: version, generatedAt: at, allTables: [], tables, layout: 'file' })[0]!
        .content;
    const first = gen(new Date(0), 'v1');
    const again = keepUnchanged(first, gen(new Date(1e12), 'v2'));
    assert.equal(again.changed, false);
    assert.equal(again.content, first);
    const changedTables = tables.map((d) => ({ ...d, columns: d.columns.slice(1) }));
    const next = generateTypes({
      ...base,
      generatedAt: new Date(1e12),
      allTables: [],
      tables: changedTables,
      layout: 'file',
    })[0]!;
    const third = keepUnchanged(first, next.content);
    assert.equal(third.changed, true);
    assert.match(third.content, /Generated 2001-09-09/);
  });
});

/** Adds a global choice (used by a choice column), a multi-select, a file and an image column. */
function withGlobalChoice(tables: TableDetails[]): TableDetails[] {
  const choice: ChoiceInfo = {
    name: 'budget_status',
    displayName: 'Budget status',
    isGlobal: true,
    columns: ['new_budget'],
    options: [
      { value: 2, label: '1 Approved */ now' },
      { value: 1, label: 'Draft' },
    ],
  };
  const col = (
    logicalName: string,
    kind: ColumnInfo['kind'],
    attributeTypeName: string,
    extra: Partial<ColumnInfo> = {},
  ): ColumnInfo => ({
    logicalName,
    schemaName: logicalName,
    displayName: logicalName.replace('new_', '').replace(/^./, (c) => c.toUpperCase()),
    attributeTypeName,
    kind,
    requiredLevel: 'None',
    isPrimaryId: false,
    isPrimaryName: false,
    isCustom: true,
    isValidForRead: true,
    isValidForCreate: true,
    isValidForUpdate: true,
    metadataId: logicalName,
    ...extra,
  });
  return tables.map((d) => ({
    ...d,
    columns: [
      ...d.columns,
      col('new_budget', 'choice', 'PicklistType', { optionSetName: 'budget_status' }),
      col('new_tags', 'multiChoice', 'MultiSelectPicklistType', { optionSetName: `${d.table.logicalName}_new_tags` }),
      col('new_contract', 'file', 'FileType'),
      col('new_logo', 'image', 'ImageType'),
    ],
    choices: [
      ...d.choices,
      { ...choice, columns: ['new_budget'] },
      {
        name: `${d.table.logicalName}_new_tags`,
        displayName: 'Tags',
        isGlobal: false,
        columns: ['new_tags'],
        options: [{ value: 1, label: 'Red' }],
      },
    ],
  }));
}
