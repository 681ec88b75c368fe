// Option sets from the enum casts (`…/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$expand=
// OptionSet,GlobalOptionSet`, same for multi-select, state, status, boolean) → ChoiceInfo, one per
// option set: a global choice used by three columns is listed once, with the three columns.
import { labelText } from './language';
import { bool, isObject, num, objects, str, type JsonObject } from './json';
import type { ChoiceInfo, ChoiceOption } from './model';

function mapOption(raw: JsonObject, lcid: number | undefined): ChoiceOption | undefined {
  const value = num(raw, 'Value');
  if (value === undefined) return undefined;
  return {
    value,
    label: labelText(raw['Label'], lcid) ?? String(value),
    description: labelText(raw['Description'], lcid),
    color: str(raw, 'Color'),
    // Status reasons name the state they belong to: what the explorer shows beside them.
    state: num(raw, 'State'),
  };
}

function optionsOf(set: JsonObject, lcid: number | undefined): ChoiceOption[] {
  const raw = Array.isArray(set['Options'])
    ? objects(set, 'Options')
    : [set['FalseOption'], set['TrueOption']].filter(isObject);
  return raw.map((o) => mapOption(o, lcid)).filter((o): o is ChoiceOption => o !== undefined);
}

/** The option set a cast item carries: the expanded OptionSet, else the GlobalOptionSet. */
function optionSetOf(item: JsonObject): JsonObject | undefined {
  const own = item['OptionSet'];
  if (isObject(own)) return own;
  const global = item['GlobalOptionSet'];
  return isObject(global) ? global : undefined;
}

export interface MappedChoices {
  choices: ChoiceInfo[];
  /** Column logical name → option set name, for ColumnInfo.optionSetName. */
  optionSetByColumn: Map<string, string>;
}

/** `items` are the `value` entries of every enum cast answer for one table. */
export function mapChoices(items: readonly JsonObject[], table: string, lcid: number | undefined): MappedChoices {
  const byName = new Map<string, { info: Omit<ChoiceInfo, 'columns'>; columns: string[] }>();
  const optionSetByColumn = new Map<string, string>();
  for (const item of items) {
    const column = str(item, 'LogicalName');
    const set = column ? optionSetOf(item) : undefined;
    if (!column || !set) continue;
    const name = str(set, 'Name') ?? `${table}_${column}`;
    optionSetByColumn.set(column, name);
    const known = byName.get(name);
    if (known) {
      if (!known.columns.includes(column)) known.columns.push(column);
      continue;
    }
    byName.set(name, {
      info: {
        name,
        displayName: labelText(set['DisplayName'], lcid) ?? name,
        isGlobal: bool(set, 'IsGlobal'),
        options: optionsOf(set, lcid),
      },
      columns: [column],
    });
  }
  const choices = [...byName.values()]
    .map(({ info, columns }) => ({ ...info, columns: columns.sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { choices, optionSetByColumn };
}
