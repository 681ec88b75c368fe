// Deterministic record values: row i of a table is a pure function of (table, seed, i, attribute),
// so a 100k-row table is never held in memory.
import type { AttributeModel, EntityModel } from '../model';
import { hash32, rowGuid, valueGuid } from '../util';

const FIRST = [
  'Maria',
  'John',
  'Aiko',
  'Liam',
  'Fatima',
  'Carlos',
  'Ingrid',
  'Wei',
  'Olivia',
  'Kwame',
  'Sofia',
  'Noah',
  'Priya',
  'Lucas',
  'Elena',
  'Omar',
];
const LAST = [
  'Campbell',
  'Nakamura',
  'Okafor',
  'Schmidt',
  'Garcia',
  'Andersen',
  'Chen',
  'Silva',
  'Kowalski',
  'Haddad',
  'Murphy',
  'Rossi',
  'Dubois',
  'Patel',
  'Jensen',
  'Novak',
];
const COMPANY_A = [
  'Contoso',
  'Fabrikam',
  'Adventure Works',
  'Northwind',
  'Litware',
  'Tailspin',
  'Woodgrove',
  'Proseware',
  'Alpine Ski House',
  'Coho Winery',
  'Lucerne Publishing',
  'Wingtip Toys',
];
const COMPANY_B = ['Ltd', 'Inc.', 'Traders', 'Group', 'Partners', 'Holdings', 'Labs', 'Systems'];
const CITIES = [
  'Seattle',
  'Redmond',
  'Dublin',
  'Amsterdam',
  'Singapore',
  'Sydney',
  'Toronto',
  'Munich',
  'Lisbon',
  'Osaka',
];
const COUNTRIES = [
  'United States',
  'Ireland',
  'Netherlands',
  'Singapore',
  'Australia',
  'Canada',
  'Germany',
  'Portugal',
  'Japan',
];
const STREETS = ['Main St', 'Oak Avenue', 'Harbour Rd', 'Elm Street', 'Station Rd', 'Market Square'];

export interface Generated {
  /** Web API property name → value. */
  values: Record<string, unknown>;
  /** Lookup Web API name → target table. */
  targets: Record<string, string>;
}

/** What the generator needs to know about other tables (to point lookups at existing rows). */
export interface TableDirectory {
  tagOf(logicalName: string): number;
  generatedCount(logicalName: string): number;
  primaryName(logicalName: string, id: string): string | null;
}

function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 0x632be5ab, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const BASE_TIME = Date.UTC(2021, 0, 4, 8, 0, 0);

export class RecordGenerator {
  private readonly attrHash = new Map<string, number>();
  private readonly candidates = new WeakMap<AttributeModel, string[]>();

  constructor(
    private readonly seed: number,
    private readonly dir: TableDirectory,
  ) {}

  private h(attr: AttributeModel, i: number): number {
    let a = this.attrHash.get(attr.metadataId);
    if (a === undefined) {
      a = hash32(attr.metadataId, this.seed);
      this.attrHash.set(attr.metadataId, a);
    }
    return mix(a, i);
  }

  /** Row i of `entity`, limited to `attrs` when given (the primary id is always included). */
  generate(entity: EntityModel, i: number, attrs?: readonly AttributeModel[]): Generated {
    const out: Generated = { values: {}, targets: {} };
    const id = rowGuid(this.dir.tagOf(entity.logicalName), this.seed, i);
    out.values[entity.primaryIdAttribute] = id;
    // The version backs @odata.etag, which must not depend on the columns asked for.
    if (entity.attrByName.has('versionnumber')) {
      out.values['versionnumber'] = 1_000_000 + i * 7;
    }
    for (const a of attrs ?? entity.attributes) {
      if (a.isPrimaryId) {
        continue;
      }
      if (a.typeName === 'LookupType' || a.typeName === 'OwnerType' || a.typeName === 'CustomerType') {
        const ref = this.lookup(a, i);
        out.values[a.webApiName] = ref?.id ?? null;
        if (ref) {
          out.targets[a.webApiName] = ref.target;
        }
      } else {
        out.values[a.webApiName] = this.value(entity, a, i, id);
      }
    }
    return out;
  }

  lookup(a: AttributeModel, i: number): { id: string; target: string } | undefined {
    const h = this.h(a, i);
    let candidates = this.candidates.get(a);
    if (!candidates) {
      candidates = a.targets.filter((t) => this.dir.generatedCount(t) > 0);
      this.candidates.set(a, candidates);
    }
    if (
      candidates.length === 0 ||
      (h % 5 === 0 && a.logicalName !== 'ownerid' && !a.logicalName.startsWith('owning'))
    ) {
      return undefined;
    }
    const target = candidates[h % candidates.length]!;
    const index = (h >>> 8) % this.dir.generatedCount(target);
    return { id: rowGuid(this.dir.tagOf(target), this.seed, index), target };
  }

  private value(e: EntityModel, a: AttributeModel, i: number, id: string): unknown {
    const h = this.h(a, i);
    const n = a.logicalName;
    switch (a.typeName) {
      case 'UniqueidentifierType':
        return h % 3 === 0 ? null : valueGuid(h, i);
      case 'StringType':
        return this.text(e, a, i, h, id);
      case 'MemoType':
        return h % 2 === 0 ? null : `Notes about ${this.text(e, a, i, h, id) ?? 'this record'}.`;
      case 'IntegerType':
        return n.includes('timezone') ? 85 : h % 1000;
      case 'BigIntType':
        return n === 'versionnumber' ? 1_000_000 + i * 7 : h % 2 === 0 ? null : h;
      case 'MoneyType':
      case 'DecimalType':
        return this.amount(a, i);
      case 'DoubleType':
        return this.double(n, h);
      case 'BooleanType':
        return n.startsWith('donot') || n.startsWith('is') ? h % 7 === 0 : h % 2 === 0;
      case 'DateTimeType':
        return this.date(n, i, h);
      case 'StateType':
        return i % 10 === 9 ? 1 : 0;
      case 'StatusType':
        return i % 10 === 9 ? 2 : 1;
      case 'PicklistType':
        return h % 4 === 0 || a.options.length === 0 ? null : a.options[h % a.options.length]!.value;
      case 'MultiSelectPicklistType':
        return h % 3 === 0 || a.options.length < 2
          ? null
          : `${a.options[0]!.value},${a.options[1 + (h % (a.options.length - 1))]!.value}`;
      case 'EntityNameType':
        return e.logicalName;
      default:
        return null;
    }
  }

  private amount(a: AttributeModel, i: number): number | null {
    if (a.logicalName === 'exchangerate') {
      return 1;
    }
    // _base columns mirror their transaction-currency column (exchange rate 1).
    const base = a.logicalName.endsWith('_base') ? a.logicalName.slice(0, -5) : a.logicalName;
    const hb = mix(hash32(`amount:${base}`, this.seed), i);
    return hb % 3 === 0 ? null : Math.round((hb % 5_000_000) * 100) / 100;
  }

  private double(n: string, h: number): number | null {
    if (n.includes('latitude')) {
      return Math.round(((h % 180_000) / 1000 - 90) * 1000) / 1000;
    }
    if (n.includes('longitude')) {
      return Math.round(((h % 360_000) / 1000 - 180) * 1000) / 1000;
    }
    return h % 2 === 0 ? null : (h % 10_000) / 100;
  }

  private date(n: string, i: number, h: number): string | null {
    const created = BASE_TIME + i * 3_600_000 + (h % 3_600) * 1000;
    if (n === 'createdon') {
      return iso(BASE_TIME + i * 3_600_000);
    }
    if (n === 'modifiedon') {
      return iso(BASE_TIME + i * 3_600_000 + (mix(i, 7) % 86_400) * 1000);
    }
    if (n === 'overriddencreatedon' || h % 3 === 0) {
      return null;
    }
    if (n.includes('birth')) {
      return iso(Date.UTC(1950 + (h % 50), h % 12, 1 + (h % 28))).slice(0, 10);
    }
    return iso(created + (h % (400 * 86_400)) * 1000);
  }

  private text(e: EntityModel, a: AttributeModel, i: number, h: number, id: string): string | null {
    const kind = textKindOf(e, a);
    const first = (): string => FIRST[mix(i, 1) % FIRST.length]!,
      last = (): string => LAST[mix(i, 2) % LAST.length]!;
    switch (kind.kind) {
      case 'first':
        return first();
      case 'last':
        return last();
      case 'full':
        return `${first()} ${last()}`;
      case 'primary':
        return e.logicalName === 'account' ? company(i) : `${kind.title} ${String(i + 1).padStart(5, '0')}`;
      case 'email':
        return h % 4 === 0 ? null : `${first()}.${last()}${i}@example.com`.toLowerCase();
      case 'phone':
        return h % 3 === 0
          ? null
          : `+1 555 01${String(h % 100).padStart(2, '0')} ${String(i % 10_000).padStart(4, '0')}`;
      case 'city':
        return CITIES[h % CITIES.length]!;
      case 'country':
        return COUNTRIES[h % COUNTRIES.length]!;
      case 'line1':
        return `${1 + (h % 400)} ${STREETS[h % STREETS.length]}`;
      case 'postal':
        return String(10_000 + (h % 89_999));
      case 'web':
        return `https://www.${COMPANY_A[i % COMPANY_A.length]!.split(' ')[0]!.toLowerCase()}.example.com`;
      case 'accountnumber':
        return `ACC-${String(i + 1).padStart(6, '0')}`;
      case 'name':
        return h % 2 === 0 ? `${kind.title} ${id.slice(-4)}` : null;
      default:
        return h % 3 === 0 ? `${kind.title} ${i + 1}` : null;
    }
  }
}

type TextKind = {
  kind:
    | 'first'
    | 'last'
    | 'full'
    | 'primary'
    | 'email'
    | 'phone'
    | 'city'
    | 'country'
    | 'line1'
    | 'postal'
    | 'web'
    | 'accountnumber'
    | 'name'
    | 'other';
  title: string;
};

const textKinds = new WeakMap<AttributeModel, TextKind>();

/** Classifies a text column once (by name), so generating a value is a switch, not a string search. */
function textKindOf(e: EntityModel, a: AttributeModel): TextKind {
  let k = textKinds.get(a);
  if (k) return k;
  const n = a.logicalName;
  const title = titleOf(a.isPrimaryName ? e.logicalName : n);
  const kind: TextKind['kind'] =
    n === 'firstname'
      ? 'first'
      : n === 'lastname'
        ? 'last'
        : n === 'fullname' || n === 'yomifullname'
          ? 'full'
          : a.isPrimaryName
            ? 'primary'
            : n.startsWith('emailaddress') || n === 'internalemailaddress'
              ? 'email'
              : n.startsWith('telephone') || n.endsWith('phone') || n.endsWith('_fax') || n === 'fax'
                ? 'phone'
                : n.endsWith('_city')
                  ? 'city'
                  : n.endsWith('_country')
                    ? 'country'
                    : n.endsWith('_line1')
                      ? 'line1'
                      : n.endsWith('_postalcode')
                        ? 'postal'
                        : n === 'websiteurl'
                          ? 'web'
                          : n === 'accountnumber'
                            ? 'accountnumber'
                            : n.endsWith('name')
                              ? 'name'
                              : 'other';
  k = { kind, title };
  textKinds.set(a, k);
  return k;
}

export function company(i: number): string {
  return `${COMPANY_A[i % COMPANY_A.length]} ${COMPANY_B[Math.floor(i / COMPANY_A.length) % COMPANY_B.length]} ${i + 1}`;
}

function titleOf(name: string): string {
  const base = name.replace(/^[a-z]+_/, '');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
