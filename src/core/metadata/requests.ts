// The metadata requests, as Web API paths relative to /api/data/v9.2/: the trimmed table list, a
// table's details (one expand + the casts its column kinds need), and RetrieveMetadataChanges.
import * as l10n from '@vscode/l10n';
import { COLUMN_PROPERTIES, type CastPlan } from './mapColumns';
import { KEY_PROPERTIES, MANY_TO_MANY_PROPERTIES, ONE_TO_MANY_PROPERTIES } from './mapRelationships';
import { TABLE_LIST_PROPERTIES, TABLE_PROPERTIES } from './mapTables';
import { UserError } from '../userError';

/** Dataverse's "the version stamp is too old" (ExpiredVersionStamp): the cache must be rebuilt. */
export const EXPIRED_VERSION_STAMP = '0x80044352';

const CRM = 'Microsoft.Dynamics.CRM.';

export function tableListPath(): string {
  return `EntityDefinitions?$select=${TABLE_LIST_PROPERTIES.join(',')}`;
}

/** Logical names are [a-z0-9_]; anything else is refused rather than escaped into a URL. */
export function checkLogicalName(name: string): string {
  if (!/^[A-Za-z0-9_]{1,128}$/.test(name)) {
    throw new UserError(
      l10n.t('"{0}" is not a table logical name (letters, digits and underscores only).', name.slice(0, 64)),
      {
        code: 'BadTableName',
      },
    );
  }
  return name.toLowerCase();
}

function entityPath(logicalName: string): string {
  return `EntityDefinitions(LogicalName='${checkLogicalName(logicalName)}')`;
}

/** Table, common column properties, relationships and keys of one table in one request. */
export function detailsPath(logicalName: string): string {
  const expand = [
    `Attributes($select=${COLUMN_PROPERTIES.join(',')})`,
    `OneToManyRelationships($select=${ONE_TO_MANY_PROPERTIES.join(',')})`,
    `ManyToOneRelationships($select=${ONE_TO_MANY_PROPERTIES.join(',')})`,
    `ManyToManyRelationships($select=${MANY_TO_MANY_PROPERTIES.join(',')})`,
    `Keys($select=${KEY_PROPERTIES.join(',')})`,
  ];
  return `${entityPath(logicalName)}?$select=${TABLE_PROPERTIES.join(',')}&$expand=${expand.join(',')}`;
}

/** Derived-type properties need a cast per type; enum casts expand their option sets. */
export function castPath(logicalName: string, plan: CastPlan): string {
  const select = ['LogicalName', ...plan.select].join(',');
  return `${entityPath(logicalName)}/Attributes/${CRM}${plan.cast}?$select=${select}${plan.optionSets ? '&$expand=OptionSet,GlobalOptionSet' : ''}`;
}

interface PropertiesExpression {
  AllProperties: false;
  PropertyNames: string[];
}
interface FilterExpression {
  FilterOperator: 'And' | 'Or';
  Conditions: unknown[];
}
interface SubQuery {
  Properties: PropertiesExpression;
  Criteria: FilterExpression;
}

/** The EntityQueryExpression JSON (Web API shape) of RetrieveMetadataChanges. */
export interface EntityQueryExpression extends SubQuery {
  AttributeQuery?: SubQuery;
  RelationshipQuery?: SubQuery;
  KeyQuery?: SubQuery;
}

const NO_FILTER: FilterExpression = { FilterOperator: 'And', Conditions: [] };

function properties(names: readonly string[]): PropertiesExpression {
  return { AllProperties: false, PropertyNames: [...names] };
}

/**
 * What the background refresh asks for: the list's properties, plus just the names of columns,
 * relationships and keys, so a table whose columns changed shows up (and its cached details are
 * dropped) without the whole column metadata travelling.
 */
export function changesQuery(): EntityQueryExpression {
  return {
    Properties: properties([
      ...TABLE_PROPERTIES.filter((p) => p !== 'MetadataId'),
      'Attributes',
      'OneToManyRelationships',
      'ManyToOneRelationships',
      'ManyToManyRelationships',
      'Keys',
    ]),
    Criteria: NO_FILTER,
    AttributeQuery: { Properties: properties(['LogicalName']), Criteria: NO_FILTER },
    RelationshipQuery: { Properties: properties(['SchemaName']), Criteria: NO_FILTER },
    KeyQuery: { Properties: properties(['LogicalName']), Criteria: NO_FILTER },
  };
}

/**
 * A query that matches no table: its answer is only a ServerVersionStamp, taken before a full
 * EntityDefinitions load so changes made during that load are reported by the next refresh.
 */
export function stampOnlyQuery(): EntityQueryExpression {
  return {
    Properties: properties(['LogicalName']),
    Criteria: {
      FilterOperator: 'And',
      Conditions: [
        {
          ConditionOperator: 'Equals',
          PropertyName: 'LogicalName',
          Value: { Type: 'System.String', Value: 'd365vscode_no_such_table' },
        },
      ],
    },
  };
}

/** OData string literal: single quotes doubled. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * `RetrieveMetadataChanges(Query=@q[,ClientVersionStamp=@v,DeletedMetadataFilters=@d])`. With a
 * stamp, only changes since then travel; deletions come back only when a filter is passed too.
 */
export function retrieveChangesPath(query: EntityQueryExpression, clientVersionStamp?: string): string {
  const params = ['Query=@q'];
  const values = [`@q=${encodeURIComponent(JSON.stringify(query))}`];
  if (clientVersionStamp !== undefined) {
    params.push('ClientVersionStamp=@v', 'DeletedMetadataFilters=@d');
    values.push(`@v=${encodeURIComponent(literal(clientVersionStamp))}`, `@d=${CRM}DeletedMetadataFilters'All'`);
  }
  return `RetrieveMetadataChanges(${params.join(',')})?${values.join('&')}`;
}
