// Loads the recorded Dataverse responses the emulator serves verbatim or uses as templates.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Json } from './metadata/metadata';

export const DEFAULT_FIXTURES = resolve(__dirname, '../../../fixtures/dataverse');
export const DEFAULT_METADATA_PATH = join(DEFAULT_FIXTURES, 'csdl', 'crm8-en.xml.gz');

export interface Captures {
  /** Full EntityMetadata by logical name. */
  entities: Map<string, Json>;
  /** Captured relationship collections by logical name. */
  relationships: Map<string, Record<string, Json[]>>;
  /** Captured `Attributes?$select=LogicalName` lists by logical name. */
  attributeLists: Map<string, Json[]>;
  entityTemplate: Json;
  oneToManyTemplate: Json;
  manyToManyTemplate: Json;
  /** Records seeded in front of the generated ones. */
  records: Record<string, Json[]>;
}

function read(dir: string, file: string): Json {
  return JSON.parse(readFileSync(join(dir, 'recorded', file), 'utf8')) as Json;
}

const cache = new Map<string, Captures>();

export function loadCaptures(dir = DEFAULT_FIXTURES): Captures {
  const hit = cache.get(dir);
  if (hit) {
    return hit;
  }
  const contact = read(dir, 'entitydefinition_contact.json');
  const businessunit = read(dir, 'entitydefinition_businessunit.json');
  const account = read(dir, 'entitydefinition_account_expand_relationships.json');
  const rel = (kind: string): Json[] => account[kind] as Json[];
  const captures: Captures = {
    entities: new Map([
      ['contact', contact],
      ['businessunit', businessunit],
      ['account', account],
    ]),
    relationships: new Map([
      [
        'account',
        {
          OneToManyRelationships: rel('OneToManyRelationships'),
          ManyToOneRelationships: rel('ManyToOneRelationships'),
          ManyToManyRelationships: rel('ManyToManyRelationships'),
        },
      ],
    ]),
    attributeLists: new Map([
      ['businessunit', read(dir, 'entitydefinition_businessunit_attributes_logicalname.json')['value'] as Json[]],
      ['mailbox', read(dir, 'entitydefinition_mailbox_attributes_logicalname.json')['value'] as Json[]],
    ]),
    entityTemplate: contact,
    oneToManyTemplate: rel('OneToManyRelationships')[0]!,
    manyToManyTemplate: rel('ManyToManyRelationships')[0]!,
    records: {
      account: [read(dir, 'account_entity.json')],
      contact: [read(dir, 'contact_entity.json')],
    },
  };
  cache.set(dir, captures);
  return captures;
}
