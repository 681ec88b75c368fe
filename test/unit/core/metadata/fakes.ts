// Fakes for the metadata engine's edges: an in-memory cache store and a Dataverse that answers the
// metadata requests in the recorded / documented shapes, records what it was asked and can be
// held, failed or told that a version stamp has expired.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetadataCacheStore } from '../../../../src/core/metadata/cacheStore';
import type { MetadataTransport } from '../../../../src/core/metadata/loader';
import { DataverseError } from '../../../../src/core/webapi/errors';
import { CancelledError } from '../../../../src/core/userError';

export type J = Record<string, unknown>;

const RECORDED = join(__dirname, '../../../fixtures/dataverse/recorded');
export const recorded = (file: string): J => JSON.parse(readFileSync(join(RECORDED, file), 'utf8')) as J;
export const fixture = (file: string): J => JSON.parse(readFileSync(join(__dirname, 'fixtures', file), 'utf8')) as J;

export class MemoryStore implements MetadataCacheStore {
  readonly blobs = new Map<string, string>();
  reads = 0;
  writes = 0;
  failReads = false;
  async read(key: string): Promise<string | undefined> {
    this.reads++;
    if (this.failReads) throw new Error('EACCES: permission denied');
    return this.blobs.get(key);
  }
  async write(key: string, data: string): Promise<void> {
    this.writes++;
    this.blobs.set(key, data);
  }
  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }
  async deleteOrg(orgKey: string): Promise<void> {
    for (const key of [...this.blobs.keys()]) {
      if (key === orgKey || key.startsWith(`${orgKey}.`)) this.blobs.delete(key);
    }
  }
  only(): J {
    if (this.blobs.size !== 1) throw new Error(`expected one cache file, found ${this.blobs.size}`);
    return JSON.parse([...this.blobs.values()][0]!) as J;
  }
}

export const label = (text: string): J => ({
  LocalizedLabels: [{ Label: text, LanguageCode: 1033 }],
  UserLocalizedLabel: { Label: text, LanguageCode: 1033 },
});

export function attribute(logicalName: string, typeName: string, extra: J = {}): J {
  return {
    LogicalName: logicalName,
    SchemaName: logicalName,
    AttributeTypeName: { Value: typeName },
    AttributeType: typeName.replace(/Type$/, ''),
    RequiredLevel: { Value: 'None' },
    DisplayName: label(logicalName),
    IsValidForRead: true,
    MetadataId: `col-${logicalName}`,
    ...extra,
  };
}

/** The account details the fake serves: four columns, the recorded relationships, one key. */
export function accountDetails(): J {
  const captured = recorded('entitydefinition_account_expand_relationships.json');
  return {
    ...captured,
    Attributes: [
      attribute('accountid', 'UniqueidentifierType', { IsPrimaryId: true }),
      attribute('name', 'StringType', { IsPrimaryName: true, RequiredLevel: { Value: 'ApplicationRequired' } }),
      attribute('primarycontactid', 'LookupType'),
      attribute('preferredappointmentdaycode', 'PicklistType'),
    ],
    Keys: [
      {
        LogicalName: 'account_number',
        SchemaName: 'account_number',
        KeyAttributes: ['accountnumber'],
        EntityKeyIndexStatus: 'Active',
        MetadataId: 'key-1',
      },
    ],
  };
}

export interface FakeRequest {
  path: string;
  signal?: AbortSignal;
}

/** A Dataverse for the metadata requests. Paths are matched by prefix; the handlers can be replaced per test. */
export class FakeDataverse implements MetadataTransport {
  readonly requests: FakeRequest[] = [];
  tables: J[] = [
    recorded('entitydefinition_contact.json'),
    recorded('entitydefinition_businessunit.json'),
    recorded('entitydefinition_account_expand_relationships.json'),
  ];
  details = new Map<string, J>([['account', accountDetails()]]);
  casts = new Map<string, unknown[]>([
    ['StringAttributeMetadata', [{ LogicalName: 'name', MaxLength: 160 }]],
    ['LookupAttributeMetadata', [{ LogicalName: 'primarycontactid', Targets: ['contact'] }]],
    ['PicklistAttributeMetadata', (fixture('choices.json')['picklist'] as { value: unknown[] }).value.slice(0, 1)],
  ]);
  stampCounter = 0;
  /** What RetrieveMetadataChanges with a ClientVersionStamp answers; 'expired' for 0x80044352. */
  delta: J | 'expired' = { EntityMetadata: [] };
  /** RetrieveMetadataChanges is not known at all (today's emulator). */
  changesUnsupported = false;
  /** Paths (prefixes) that fail with a 503. */
  failing = new Set<string>();
  /** When set, requests wait for it (to hold loads in flight). */
  gate: Promise<void> | undefined;

  count(prefix: string): number {
    return this.requests.filter((r) => r.path.startsWith(prefix)).length;
  }

  async send(req: { path: string; signal?: AbortSignal }): Promise<{ json<T>(): T }> {
    this.requests.push({ path: req.path, signal: req.signal });
    if (this.gate) await this.gate;
    if (req.signal?.aborted) throw new CancelledError('The request was cancelled.');
    for (const f of this.failing) {
      if (req.path.startsWith(f)) throw new DataverseError(503, undefined, 'Service unavailable');
    }
    const body = this.answer(req.path);
    return { json: <T>() => JSON.parse(JSON.stringify(body)) as T };
  }

  private answer(path: string): unknown {
    if (path.startsWith('EntityDefinitions?')) return { value: this.tables };
    if (path.startsWith('RetrieveMetadataChanges(')) return this.changes(path);
    const m = /^EntityDefinitions\(LogicalName='(\w+)'\)(\/Attributes\/Microsoft\.Dynamics\.CRM\.(\w+))?\?/.exec(path);
    if (m) {
      const d = this.details.get(m[1]!);
      if (!d) {
        throw new DataverseError(404, '0x80040217', `Could not find an entity with specified entity name: ${m[1]}`);
      }
      return m[3] ? { value: this.casts.get(m[3]) ?? [] } : d;
    }
    throw new DataverseError(404, '0x8006088a', `Resource not found for the segment '${path}'.`);
  }

  private changes(path: string): unknown {
    if (this.changesUnsupported) {
      throw new DataverseError(404, '0x8006088a', "Resource not found for the segment 'RetrieveMetadataChanges'.");
    }
    const stamp = `stamp-${++this.stampCounter}`;
    if (!path.includes('ClientVersionStamp=@v')) {
      return { ServerVersionStamp: stamp, EntityMetadata: [], DeletedMetadata: { Count: 0, Keys: [], Values: [] } };
    }
    if (this.delta === 'expired') throw new DataverseError(400, '0x80044352', 'The ClientVersionStamp has expired.');
    return { ServerVersionStamp: stamp, DeletedMetadata: { Count: 0, Keys: [], Values: [] }, ...this.delta };
  }
}

/** The ClientVersionStamp a RetrieveMetadataChanges path carries, unquoted. */
export function stampOf(path: string): string | undefined {
  const v = new URLSearchParams(path.slice(path.indexOf('?') + 1)).get('@v');
  return v ? v.slice(1, -1).replace(/''/g, "'") : undefined;
}
