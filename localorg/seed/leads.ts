/**
 * Bulk lead seeding: N believable leads across statuses, sources, countries, industries and
 * owners, inserted with one prepared statement in one transaction (about a million in seconds).
 */
import { formatDate, formatDateTime } from '../dates.ts';
import { KEY_PREFIX, makeId } from '../ids.ts';
import { INDUSTRIES, LEAD_SOURCES } from '../catalog/sales.ts';
import type { Store } from '../store/store.ts';
import { Random } from './random.ts';

export const FIRST_NAMES = [
  'Ana',
  'Ben',
  'Chloe',
  'Daniel',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kara',
  'Liam',
  'Mei',
  'Noah',
  'Olga',
  'Pedro',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Umar',
  'Vera',
  'Wei',
  'Yara',
  'Zoe',
];
export const LAST_NAMES = [
  'Alvarez',
  'Brown',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Martin',
  'Nakamura',
  'Okafor',
  'Patel',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Urban',
  'Varga',
  'Walsh',
  'Xu',
  'Young',
  'Zimmer',
];
const COMPANY_WORDS = [
  'Apex',
  'Blue',
  'Cedar',
  'Delta',
  'Echo',
  'Granite',
  'Harbor',
  'Iris',
  'Juniper',
  'Kite',
  'Lumen',
  'Maple',
  'Nova',
  'Orbit',
  'Pine',
  'Quartz',
  'River',
  'Summit',
  'Terra',
  'Vertex',
];
const COMPANY_KINDS = [
  'Analytics',
  'Logistics',
  'Health',
  'Foods',
  'Energy',
  'Labs',
  'Retail',
  'Systems',
  'Finance',
  'Motors',
];
const TITLES = [
  'CEO',
  'CTO',
  'VP Sales',
  'IT Manager',
  'Procurement Lead',
  'Operations Director',
  'Head of Marketing',
  'Buyer',
];
const CITIES: Record<string, string[]> = {
  'United States': ['New York', 'Austin', 'Chicago', 'Seattle'],
  Canada: ['Toronto', 'Vancouver'],
  Brazil: ['São Paulo', 'Rio de Janeiro'],
  Mexico: ['Mexico City', 'Monterrey'],
  Germany: ['Berlin', 'Munich', 'Hamburg'],
  'United Kingdom': ['London', 'Manchester'],
  France: ['Paris', 'Lyon'],
  Netherlands: ['Amsterdam', 'Rotterdam'],
  Switzerland: ['Zurich', 'Geneva'],
  Austria: ['Vienna'],
  Australia: ['Sydney', 'Melbourne'],
  India: ['Bengaluru', 'Mumbai'],
  Japan: ['Tokyo', 'Osaka'],
  Singapore: ['Singapore'],
  Spain: ['Madrid'],
};
const COUNTRY_WEIGHTS: [string, number][] = [
  ['United States', 30],
  ['Canada', 6],
  ['Brazil', 5],
  ['Mexico', 3],
  ['Germany', 10],
  ['United Kingdom', 9],
  ['France', 6],
  ['Netherlands', 4],
  ['Switzerland', 3],
  ['Austria', 2],
  ['Australia', 6],
  ['India', 6],
  ['Japan', 5],
  ['Singapore', 3],
  ['Spain', 2],
];
const STATUS_WEIGHTS: [string, number][] = [
  ['Open - Not Contacted', 40],
  ['Working - Contacted', 30],
  ['Closed - Converted', 10],
  ['Closed - Not Converted', 20],
];

export interface LeadOwner {
  id: string;
  /** Set when the owner is a partner user (fills Lead.PartnerAccountId). */
  partnerAccountId: string | null;
  weight: number;
}

export interface LeadSeedOptions {
  count: number;
  owners: LeadOwner[];
  now: Date;
  createdById: string;
  seed: number;
}

/** Columns bound per row; the rest of the row is computed by SQL from them. */
const BOUND = [
  'Id',
  'FirstName',
  'LastName',
  'Title',
  'Company',
  'Email',
  'Phone',
  'City',
  'Country',
  'Status',
  'LeadSource',
  'Industry',
  'Rating',
  'AnnualRevenue',
  'NumberOfEmployees',
  'OwnerId',
  'PartnerAccountId',
  'IsUnreadByOwner',
  'IsConverted',
  'ConvertedDate',
  'CreatedDate',
  'LastModifiedDate',
];
const DATE_POOL = 1 << 14;

/** The VALUES tuple: bound parameters plus Name, IsDeleted, audit users and SystemModstamp. */
function rowSql(createdById: string): string {
  const p = (column: string): string => `?${BOUND.indexOf(column) + 1}`;
  const values = BOUND.map(p);
  values.push(
    `${p('FirstName')} || ' ' || ${p('LastName')}`,
    '0',
    `'${createdById}'`,
    `'${createdById}'`,
    p('LastModifiedDate'),
  );
  return `(${values.join(', ')})`;
}

export function seedLeads(store: Store, options: LeadSeedOptions): void {
  if (options.count <= 0) return;
  const random = new Random(options.seed);
  const first = store.reserveIds(KEY_PREFIX.Lead, options.count);
  const ownerTable = options.owners.map((o) => [o, o.weight] as const);
  const columns = [
    ...BOUND,
    'Name',
    'IsDeleted',
    'CreatedById',
    'LastModifiedById',
    'SystemModstamp',
  ];
  const insert = store.db.prepare(
    `INSERT INTO "Lead" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${rowSql(options.createdById)}`,
  );
  // Pre-formatted pools keep per-row work small: timestamps within the last year, e-mail domains.
  const nowMs = options.now.getTime();
  const datePool: { created: string; modified: string; modifiedDate: string }[] = [];
  for (let i = 0; i < DATE_POOL; i++) {
    const created = nowMs - random.int(365 * 86_400_000);
    const modified = new Date(Math.min(nowMs, created + random.int(30 * 86_400_000)));
    datePool.push({
      created: formatDateTime(new Date(created)),
      modified: formatDateTime(modified),
      modifiedDate: formatDate(modified),
    });
  }
  const companies: string[] = [];
  const domains: string[] = [];
  for (const word of COMPANY_WORDS) {
    for (const kind of COMPANY_KINDS) {
      companies.push(`${word} ${kind}`);
      domains.push(`@${word}${kind}.example.com`.toLowerCase());
    }
  }
  const ratings = ['Hot', 'Warm', 'Cold'];
  store.transaction(() => {
    for (let i = 0; i < options.count; i++) {
      const firstName = random.pick(FIRST_NAMES);
      const lastName = random.pick(LAST_NAMES);
      const company = random.int(companies.length);
      const country = random.weighted(COUNTRY_WEIGHTS);
      const status = random.weighted(STATUS_WEIGHTS);
      const owner = random.weighted(ownerTable);
      const converted = status === 'Closed - Converted';
      const dates = datePool[random.int(DATE_POOL)];
      insert.run(
        makeId(KEY_PREFIX.Lead, first + i),
        firstName,
        lastName,
        random.pick(TITLES),
        companies[company],
        `${firstName}.${lastName}${i}${domains[company]}`.toLowerCase(),
        `+1 555 ${1000 + random.int(9000)}`,
        random.pick(CITIES[country]),
        country,
        status,
        random.pick(LEAD_SOURCES),
        random.pick(INDUSTRIES),
        random.pick(ratings),
        (1 + random.int(500)) * 100_000,
        10 + random.int(5000),
        owner.id,
        owner.partnerAccountId,
        random.chance(0.3) ? 1 : 0,
        converted ? 1 : 0,
        converted ? dates.modifiedDate : null,
        dates.created,
        dates.modified,
      );
    }
  });
}
