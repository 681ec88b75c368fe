// Sends the metadata requests and maps the answers: the table list, one table's details (an expand,
// then only the casts its column kinds need, a few at a time), and RetrieveMetadataChanges.
// Talks to Dataverse through MetadataTransport, which DataverseClient satisfies as it is.
import * as l10n from '@vscode/l10n';
import { errorCodeOf, UserError } from '../userError';
import { parseChanges, type MetadataChanges } from './changes';
import { collection, isObject, objects, str, type JsonObject } from './json';
import { mapChoices } from './mapChoices';
import { castExtras, castPlansFor, mapColumn, withExtras, type CastPlan, type ColumnExtras } from './mapColumns';
import { mapKey, mapRelationships } from './mapRelationships';
import { mapTable, mapTableList } from './mapTables';
import type { ColumnInfo, KeyInfo, TableDetails, TableInfo } from './model';
import {
  castPath,
  changesQuery,
  detailsPath,
  EXPIRED_VERSION_STAMP,
  retrieveChangesPath,
  stampOnlyQuery,
  tableListPath,
} from './requests';

/** The one thing the metadata engine needs from the Web API client. */
export interface MetadataTransport {
  send(req: {
    path: string;
    method?: string;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  }): Promise<{ json<T = unknown>(): T }>;
}

export type ChangesResult = { expired: true } | ({ expired: false } & MetadataChanges);

/** Casts in flight at once for one table: gentle on service protection, still one round trip or two. */
const CAST_CONCURRENCY = 4;

export class MetadataLoader {
  constructor(
    private readonly transport: MetadataTransport,
    private readonly lcid: number | undefined,
  ) {}

  async tables(signal?: AbortSignal): Promise<TableInfo[]> {
    const res = await this.transport.send({ path: tableListPath(), signal });
    return mapTableList(res.json(), this.lcid);
  }

  async details(logicalName: string, signal?: AbortSignal): Promise<TableDetails> {
    const res = await this.transport.send({ path: detailsPath(logicalName), signal });
    const body = res.json();
    const table = mapTable(body, this.lcid);
    if (!isObject(body) || !table) {
      throw new UserError(
        l10n.t('Dataverse sent an unexpected answer for the table {0}. Refresh to try again.', logicalName),
        {
          code: 'UnexpectedMetadata',
        },
      );
    }
    const baseColumns = objects(body, 'Attributes')
      .map((a) => mapColumn(a, this.lcid))
      .filter((c): c is ColumnInfo => c !== undefined);
    const casts = await this.casts(table.logicalName, castPlansFor(baseColumns), signal);
    const { choices, optionSetByColumn } = mapChoices(casts.enumItems, table.logicalName, this.lcid);
    const columns = baseColumns
      .map((c) => withExtras(c, casts.extras.get(c.logicalName), optionSetByColumn.get(c.logicalName)))
      .sort((a, b) => (a.logicalName < b.logicalName ? -1 : 1));
    const relationships = mapRelationships(
      {
        oneToMany: objects(body, 'OneToManyRelationships'),
        manyToOne: objects(body, 'ManyToOneRelationships'),
        manyToMany: objects(body, 'ManyToManyRelationships'),
      },
      table.logicalName,
    );
    const keys = objects(body, 'Keys')
      .map((k) => mapKey(k, this.lcid))
      .filter((k): k is KeyInfo => k !== undefined);
    return { table, columns, relationships, keys, choices };
  }

  private async casts(
    table: string,
    plans: CastPlan[],
    signal?: AbortSignal,
  ): Promise<{ extras: Map<string, ColumnExtras>; enumItems: JsonObject[] }> {
    const extras = new Map<string, ColumnExtras>();
    const enumItems: JsonObject[] = [];
    const answers = await mapLimited(plans, CAST_CONCURRENCY, async (plan) => {
      const res = await this.transport.send({ path: castPath(table, plan), signal });
      return {
        plan,
        items: collection(
          res.json(),
          l10n.t({
            message: 'the {0} columns of {1}',
            args: [plan.cast, table],
            comment: ['{0} is a column type such as PicklistAttributeMetadata, {1} a table'],
          }),
        ),
      };
    });
    for (const { plan, items } of answers) {
      for (const item of items) {
        const name = str(item, 'LogicalName');
        if (!name) continue;
        if (plan.optionSets) enumItems.push(item);
        if (plan.select.length) extras.set(name, castExtras(item));
      }
    }
    return { extras, enumItems };
  }

  /** A ServerVersionStamp for "now"; throws where the org cannot answer RetrieveMetadataChanges. */
  async versionStamp(signal?: AbortSignal): Promise<string> {
    const res = await this.transport.send({ path: retrieveChangesPath(stampOnlyQuery()), signal });
    return parseChanges(res.json()).serverVersionStamp;
  }

  /** Changes since `stamp`; `{ expired: true }` when Dataverse no longer knows that stamp. */
  async changes(stamp: string, signal?: AbortSignal): Promise<ChangesResult> {
    try {
      const res = await this.transport.send({ path: retrieveChangesPath(changesQuery(), stamp), signal });
      return { expired: false, ...parseChanges(res.json()) };
    } catch (err) {
      if (errorCodeOf(err)?.toLowerCase() === EXPIRED_VERSION_STAMP) return { expired: true };
      throw err;
    }
  }
}

/** Runs `work` over `items` with at most `limit` at a time; results in input order; first error wins. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
