// "Generate TypeScript Types": per table a read shape, create and update shapes, column constants
// and choice enums, from the metadata model. Output is sorted and stable, so a second run over the
// same metadata gives the same text; keepUnchanged() then keeps the old header (its date) too.
import type { ChoiceInfo, ColumnInfo, ColumnKind, TableDetails, TableInfo } from '../model';
import {
  isWebApiColumn,
  propertyLines,
  readProperties,
  writeProperties,
  type ColumnContext,
  type Property,
} from './columns';
import { commentText, identifier, literal, NameScope, propertyName } from './names';

export interface TypegenInput {
  readonly orgUrl: string;
  /** The org's metadata version stamp, when known. */
  readonly metadataVersion?: string;
  /** Every table of the org (for entity set names of lookup targets). */
  readonly allTables: readonly TableInfo[];
  /** The chosen tables, with their details. */
  readonly tables: readonly TableDetails[];
  readonly generatedAt: Date;
  /** One file (`dataverse.ts`) or a folder: `choices.ts` plus one file per table. */
  readonly layout: 'file' | 'folder';
}

export interface GeneratedFile {
  /** Relative to the chosen file's folder or the chosen folder. */
  readonly path: string;
  readonly content: string;
}

const SINGLE_FILE = 'dataverse.ts';
const CHOICES_FILE = 'choices.ts';

interface EnumPlan {
  readonly name: string;
  readonly choice: ChoiceInfo;
}

/** Every name the generated code declares, handed out in a fixed order so reruns agree. */
class Plan {
  readonly scope = new NameScope(['EntitySetNames', 'TableNames']);
  readonly globalEnums = new Map<string, EnumPlan>();
  readonly tableNames = new Map<string, { type: string; local: Map<string, EnumPlan> }>();

  constructor(tables: readonly TableDetails[]) {
    const sorted = sortTables(tables);
    for (const d of sorted) {
      for (const c of sortByName(d.choices)) {
        if (c.isGlobal && isEnumChoice(c, d) && !this.globalEnums.has(c.name)) {
          this.globalEnums.set(c.name, { name: '', choice: c });
        }
      }
    }
    for (const key of [...this.globalEnums.keys()].sort()) {
      const e = this.globalEnums.get(key)!;
      this.globalEnums.set(key, { ...e, name: this.scope.take(identifier(key, 'Choice')) });
    }
    for (const d of sorted) {
      const type = this.scope.take(identifier(d.table.schemaName, 'Table'));
      this.scope.take(`${type}Create`);
      this.scope.take(`${type}Update`);
      this.scope.take(`${type}Columns`);
      const local = new Map<string, EnumPlan>();
      for (const c of sortByName(d.choices)) {
        if (c.isGlobal || !isEnumChoice(c, d)) continue;
        const column = d.columns.find((x) => x.logicalName === c.columns[0]);
        const wanted = `${type}${identifier(column?.schemaName ?? c.name, 'Choice')}`;
        local.set(c.name, { name: this.scope.take(wanted), choice: c });
      }
      this.tableNames.set(d.table.logicalName, { type, local });
    }
  }
}

const ENUM_KINDS: ReadonlySet<ColumnKind> = new Set(['choice', 'multiChoice', 'state', 'status']);

function isEnumChoice(c: ChoiceInfo, d: TableDetails): boolean {
  return c.columns.some((name) => {
    const col = d.columns.find((x) => x.logicalName === name);
    return col !== undefined && ENUM_KINDS.has(col.kind);
  });
}

function sortByName<T extends { readonly name: string }>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const tables = (input: TypegenInput): TableDetails[] => sortTables(input.tables);

function sortTables(tables: readonly TableDetails[]): TableDetails[] {
  return [...tables].sort((a, b) => (a.table.logicalName < b.table.logicalName ? -1 : 1));
}

function byLogicalName(a: ColumnInfo, b: ColumnInfo): number {
  return a.logicalName < b.logicalName ? -1 : a.logicalName > b.logicalName ? 1 : 0;
}

function enumLines(plan: EnumPlan): string[] {
  const c = plan.choice;
  const members = new NameScope();
  const lines = [`/** ${commentText(`${c.displayName} (${c.isGlobal ? 'global' : 'local'} choice ${c.name})`)} */`];
  lines.push(`export enum ${plan.name} {`);
  const options = [...c.options].sort((a, b) => a.value - b.value);
  for (const o of options) {
    const fallback = `Value${o.value < 0 ? `Minus${-o.value}` : o.value}`;
    lines.push(`  /** ${commentText(o.label)} */`, `  ${members.take(identifier(o.label, fallback))} = ${o.value},`);
  }
  lines.push('}', '');
  return lines;
}

function unique(props: Property[]): Property[] {
  const seen = new Set<string>();
  return props.filter((p) => !seen.has(p.name) && (seen.add(p.name), true));
}

/** A table's block of code, one string; `usedGlobals` collects the global enums it refers to. */
function tableCode(
  d: TableDetails,
  plan: Plan,
  entitySetOf: (t: string) => string | undefined,
  usedGlobals: Set<string>,
): string {
  const names = plan.tableNames.get(d.table.logicalName)!;
  const kinds = new Map(d.columns.map((c) => [c.logicalName, c.kind]));
  const columns = d.columns.filter((c) => isWebApiColumn(c, (n) => kinds.get(n))).sort(byLogicalName);
  const ctx: ColumnContext = {
    enumOf: (c) => {
      if (!c.optionSetName) return undefined;
      const local = names.local.get(c.optionSetName)?.name;
      if (local) return local;
      const global = plan.globalEnums.get(c.optionSetName)?.name;
      if (global) usedGlobals.add(global);
      return global;
    },
    entitySetOf,
    manyToOne: d.relationships
      .filter((r) => r.kind === 'manyToOne')
      .sort((a, b) => (a.schemaName < b.schemaName ? -1 : 1)),
  };
  const t = d.table;
  const title = commentText(`${t.displayName} (${t.logicalName}${t.entitySetName ? `, /${t.entitySetName}` : ''})`);
  const lines = [`// ${'-'.repeat(20)} ${commentText(t.logicalName)}`, ''];
  for (const e of [...names.local.values()]) lines.push(...enumLines(e));
  lines.push(`/** Column logical names of ${title}. */`, `export const ${names.type}Columns = {`);
  for (const c of columns) lines.push(`  ${propertyName(c.logicalName)}: ${literal(c.logicalName)},`);
  lines.push('} as const;', '');
  lines.push(`/** ${title}, as the Web API returns it (properties present when selected). */`);
  lines.push(
    `export interface ${names.type} {`,
    ...propertyLines(unique(columns.flatMap((c) => readProperties(c, ctx)))),
  );
  lines.push('}', '');
  const create = columns.filter((c) => c.isValidForCreate && !c.attributeOf);
  lines.push(`/** ${title}: the columns valid for create. */`);
  lines.push(
    `export interface ${names.type}Create {`,
    ...propertyLines(unique(create.flatMap((c) => writeProperties(c, ctx)))),
  );
  lines.push('}', '');
  const update = columns.filter((c) => c.isValidForUpdate && !c.attributeOf);
  lines.push(`/** ${title}: the columns valid for update. */`);
  lines.push(
    `export interface ${names.type}Update {`,
    ...propertyLines(unique(update.flatMap((c) => writeProperties(c, ctx)))),
  );
  lines.push('}', '');
  return lines.join('\n');
}

function constantsLines(tables: readonly TableDetails[], plan: Plan): string[] {
  const sorted = sortTables(tables);
  const lines = [
    '/** Entity set names (URL path segments) by table logical name. */',
    'export const EntitySetNames = {',
  ];
  for (const d of sorted) {
    if (d.table.entitySetName) lines.push(`  ${propertyName(d.table.logicalName)}: ${literal(d.table.entitySetName)},`);
  }
  lines.push('} as const;', '', '/** Table logical names by generated type name. */', 'export const TableNames = {');
  for (const d of sorted) {
    lines.push(`  ${plan.tableNames.get(d.table.logicalName)!.type}: ${literal(d.table.logicalName)},`);
  }
  lines.push('} as const;', '');
  return lines;
}

function header(input: TypegenInput): string[] {
  return [
    `// Dataverse Web API types for ${commentText(input.orgUrl)}`,
    `// Generated ${input.generatedAt.toISOString()} from metadata version ${commentText(input.metadataVersion ?? 'unknown')}.`,
    '// Written by "Dynamics 365: Generate TypeScript Types"; a new run rewrites it.',
    '',
  ];
}

export function generateTypes(input: TypegenInput): GeneratedFile[] {
  const plan = new Plan(input.tables);
  const sets = new Map(input.allTables.map((t) => [t.logicalName, t.entitySetName]));
  for (const d of input.tables) sets.set(d.table.logicalName, d.table.entitySetName);
  const entitySetOf = (t: string): string | undefined => sets.get(t);
  const globals = [...plan.globalEnums.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  // Joined per block: one array of every line of a 1,000-table file costs more in garbage than in work.
  const shared = [...header(input), ...constantsLines(tables(input), plan), ...globals.flatMap(enumLines)].join('\n');
  if (input.layout === 'file') {
    const ignored = new Set<string>();
    const blocks = tables(input).map((d) => tableCode(d, plan, entitySetOf, ignored));
    return [{ path: SINGLE_FILE, content: [shared, ...blocks].join('\n') }];
  }
  const files: GeneratedFile[] = [{ path: CHOICES_FILE, content: shared }];
  for (const d of tables(input)) {
    const used = new Set<string>();
    const body = tableCode(d, plan, entitySetOf, used);
    const names = [...used].sort();
    const imports = names.length ? [`import { ${names.join(', ')} } from './choices';`, ''] : [];
    files.push({ path: `${d.table.logicalName}.ts`, content: [...header(input), ...imports, body].join('\n') });
  }
  return files;
}

/** The part of a generated file below its header (the header carries the date and version). */
function bodyOf(text: string): string {
  const end = text.indexOf('\n\n');
  return end < 0 ? text : text.slice(end);
}

/** The previous text when only the header would change: a rerun over the same metadata rewrites nothing. */
export function keepUnchanged(previous: string | undefined, next: string): { content: string; changed: boolean } {
  if (previous !== undefined && bodyOf(previous.replace(/\r\n/g, '\n')) === bodyOf(next)) {
    return { content: previous, changed: false };
  }
  return { content: next, changed: true };
}
