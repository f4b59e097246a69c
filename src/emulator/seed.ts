// Seed data: `empty` (accounts, roles and reference data), `demo` (a small vending business) and
// `large:N` (N sales and proportionate machines, for benchmarks). Deterministic: the same seed
// gives the same ids and values; sale timestamps are relative to the day the data was seeded.

import { DEMO_ACCOUNTS, type DemoAccountName } from '../core/demoAccounts';
import { stringifyJson, type JsonValue } from '../core/json';
import { tableName, type Catalog, type TypeDef } from './catalog';
import type { Database } from './database';
import { hashPassword } from './sessions';

export type SeedName = 'empty' | 'demo' | `large:${number}`;

export function parseSeed(text: string): SeedName {
  if (text === 'empty' || text === 'demo') return text;
  const m = /^large:(\d+)$/.exec(text);
  if (m && Number(m[1]) > 0 && Number(m[1]) <= 20_000_000) return `large:${Number(m[1])}`;
  throw new Error(`--seed must be demo, empty or large:N (N sales, 1 … 20,000,000), not "${text}"`);
}

/** The user group of each demo account: what it may do follows from the group's ACEs (grantRoles). */
const DEMO_ACCOUNT_GROUPS: Record<DemoAccountName, 'Administrators' | 'Operators North' | 'Auditors South'> = {
  demo: 'Administrators',
  operator: 'Operators North',
  reader: 'Auditors South',
};

/** Ids the documentation's examples use, pinned so that those examples work against the emulator. */
export const DOC_IDS = {
  saleStatusPaid: 141024786821154052n,
  saleStatusCashless: 141024786821154056n,
  sim: 125609740326667984n,
  sim2: 262079543555130638n,
  machine: 125752076205557483n,
};

/** mulberry32: a small, fast, deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = { id: bigint; parent_id: bigint | null; owner: bigint | null; path: bigint[] } & Record<
  string,
  JsonValue | bigint[]
>;

class Seeder {
  readonly rows = new Map<string, Row[]>();
  private pending: bigint[] = [];
  owner: bigint | null = null;

  constructor(
    private readonly db: Database,
    private readonly catalog: Catalog,
  ) {}

  async reserve(n: number): Promise<void> {
    const rows = await this.db.query<{ id: bigint }>(`SELECT vs_mint_id() AS id FROM generate_series(1, $1::int)`, [n]);
    this.pending.push(...rows.map((r) => r.id));
  }

  add(typeName: string, parent: Row | null, attributes: Record<string, JsonValue>, id?: bigint): Row {
    const newId = id ?? this.pending.shift();
    if (newId === undefined) throw new Error('seed: reserve more ids');
    const row: Row = {
      id: newId,
      parent_id: parent?.id ?? null,
      owner: this.owner,
      path: [...(parent?.path ?? []), newId],
      ...attributes,
    };
    const list = this.rows.get(typeName) ?? [];
    list.push(row);
    this.rows.set(typeName, list);
    return row;
  }

  async flush(): Promise<void> {
    for (const [typeName, rows] of this.rows) {
      const t = this.catalog.type(typeName)!;
      for (let i = 0; i < rows.length; i += 5000) {
        await insertRows(this.db, t, rows.slice(i, i + 5000));
      }
    }
    this.rows.clear();
  }
}

async function insertRows(db: Database, t: TypeDef, rows: Row[]): Promise<void> {
  const columns = ['id', 'parent_id', 'owner', 'path', ...t.attributes.map((a) => `"${a.name}"`)].join(', ');
  await db.query(
    `INSERT INTO ${tableName(t)} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${tableName(t)}, $1::json)`,
    [stringifyJson(rows)],
  );
  await db.query(
    `INSERT INTO vs_object (id, type_id) SELECT (e->>'id')::int8, $2::int8 FROM json_array_elements($1::json) e`,
    [stringifyJson(rows.map((r) => ({ id: r.id }))), t.id],
  );
}

const REGIONS = [
  {
    name: 'Region North',
    cities: [
      ['Hamburg', 53.5511, 9.9937],
      ['Bremen', 53.0793, 8.8017],
      ['Kiel', 54.3233, 10.1228],
    ],
  },
  {
    name: 'Region South',
    cities: [
      ['Munich', 48.1351, 11.582],
      ['Stuttgart', 48.7758, 9.1829],
      ['Nuremberg', 49.4521, 11.0767],
    ],
  },
  {
    name: 'Region West',
    cities: [
      ['Cologne', 50.9375, 6.9603],
      ['Dusseldorf', 51.2277, 6.7735],
      ['Dortmund', 51.5136, 7.4653],
    ],
  },
  {
    name: 'Region East',
    cities: [
      ['Berlin', 52.52, 13.405],
      ['Leipzig', 51.3397, 12.3731],
      ['Dresden', 51.0504, 13.7373],
    ],
  },
] as const;
const SITES = ['Central Station', 'University', 'Hospital'];
const PRODUCTS = [
  'Cola',
  'Cola Zero',
  'Orange Soda',
  'Lemon Soda',
  'Still Water',
  'Sparkling Water',
  'Iced Tea Peach',
  'Iced Tea Lemon',
  'Energy Drink',
  'Apple Juice',
  'Orange Juice',
  'Espresso',
  'Cappuccino',
  'Latte Macchiato',
  'Hot Chocolate',
  'Green Tea',
  'Chocolate Bar',
  'Peanut Bar',
  'Crisps Salted',
  'Crisps Paprika',
  'Pretzel Sticks',
  'Gummy Bears',
  'Mints',
  'Chewing Gum',
  'Granola Bar',
  'Protein Bar',
  'Cookies',
  'Wafer',
  'Muffin',
  'Croissant',
  'Sandwich Ham',
  'Sandwich Cheese',
  'Apple',
  'Banana',
  'Trail Mix',
  'Rice Cakes',
  'Yoghurt Drink',
  'Cold Brew',
  'Club Mate',
  '<img src=x onerror=alert(1)>',
];

const ADMIN = 'Administrator';
const OPERATOR = 'Operator';
const READER = 'Reader';
const DELEGATOR = 'Delegator';

export async function seed(db: Database, catalog: Catalog, name: SeedName): Promise<{ anonymousUserId: bigint }> {
  const random = prng(20261122);
  const s = new Seeder(db, catalog);
  await s.reserve(200);

  // Containers and user groups.
  const root = s.add('container', null, { name: 'Vensoft Demo GmbH', description: 'The root of the demo company' });
  const catalogContainer = s.add('container', root, {
    name: 'Catalog',
    description: 'Products, currencies, machine types, sale statuses and roles',
  });
  const groupsRoot = s.add('user_group', null, { name: 'Vensoft Demo', description: 'All staff' });
  const publicGroup = s.add('user_group', null, { name: 'Public', description: 'The anonymous user' });
  const groups = {
    Administrators: s.add('user_group', groupsRoot, { name: 'Administrators', description: null }),
    'Operators North': s.add('user_group', groupsRoot, {
      name: 'Operators North',
      description: 'Service staff of Region North',
    }),
    'Auditors South': s.add('user_group', groupsRoot, {
      name: 'Auditors South',
      description: 'Read-only auditors of Region South',
    }),
  };
  const anonymous = s.add('user', publicGroup, {
    email: 'anonymous',
    first_name: null,
    last_name: null,
    language: 'en',
    active: true,
  });
  const users = DEMO_ACCOUNTS.map((a) =>
    s.add('user', groups[DEMO_ACCOUNT_GROUPS[a.name]], {
      email: a.email,
      first_name: a.email.split('@')[0]!.replace(/^./, (c) => c.toUpperCase()),
      last_name: 'Demo',
      language: 'en',
      active: true,
    }),
  );
  s.owner = users[0]!.id;
  for (const row of [root, catalogContainer, groupsRoot, publicGroup, ...Object.values(groups), anonymous, ...users])
    row.owner = s.owner;

  // Roles and what they grant.
  const roles = {
    [ADMIN]: s.add('role', catalogContainer, { name: ADMIN, description: 'Every privilege on every type' }),
    [OPERATOR]: s.add('role', catalogContainer, {
      name: OPERATOR,
      description: 'Service machines: read, update and create; no delete',
    }),
    [READER]: s.add('role', catalogContainer, { name: READER, description: 'Read only; machine positions hidden' }),
    // Granted to nobody at first: lets an administrator allow a team to pass on the roles it holds.
    [DELEGATOR]: s.add('role', catalogContainer, {
      name: DELEGATOR,
      description: 'May set ACEs (set privilege) on containers, machines and SIMs',
    }),
  };

  // Reference data.
  const currencies = [
    ['EUR', 'Euro', '€'],
    ['CHF', 'Swiss franc', 'CHF'],
    ['GBP', 'Pound sterling', '£'],
  ].map(([code, n, symbol]) =>
    s.add('currency', catalogContainer, { code: code!, name: n!, symbol: symbol!, decimal_places: 2 }),
  );
  const machineTypes = [
    ['Snack 5000', 'Vendo'],
    ['Cold Drink 300', 'Sielaff'],
    ['Coffee Pro', 'Rheavendors'],
    ['Combi 2', 'Vendo'],
    ['Fresh Food 10', 'Azkoyen'],
    ['Micro Market', 'Wurlitzer'],
  ].map(([n, m]) => s.add('machine_type', catalogContainer, { name: n!, manufacturer: m!, choices: 8 }));
  const statuses = [
    s.add('sale_status', catalogContainer, { name: 'paid cash', is_paid: true }, DOC_IDS.saleStatusPaid),
    s.add('sale_status', catalogContainer, { name: 'paid cashless', is_paid: true }, DOC_IDS.saleStatusCashless),
    s.add('sale_status', catalogContainer, { name: 'free vend', is_paid: false }, DOC_IDS.saleStatusPaid + 1n),
    s.add('sale_status', catalogContainer, { name: 'failed', is_paid: false }, DOC_IDS.saleStatusPaid + 2n),
  ];

  const regionRows = new Map<string, Row>();
  const sites: Array<{ row: Row; lat: number; lon: number; tours: Row[] }> = [];
  for (const region of REGIONS) {
    const r = s.add('container', root, { name: region.name, description: null });
    regionRows.set(region.name, r);
    for (const [city, lat, lon] of region.cities) {
      const c = s.add('container', r, { name: city, description: null });
      const tours = [
        s.add('tour', c, { name: `${city} Monday tour`, weekday: 1, driver_id: users[1]!.id, tstamp_planned: null }),
        s.add('tour', c, { name: `${city} Thursday tour`, weekday: 4, driver_id: null, tstamp_planned: null }),
      ];
      for (const site of SITES)
        sites.push({ row: s.add('container', c, { name: `${city} ${site}`, description: null }), lat, lon, tours });
    }
  }
  await s.flush();

  await grantRoles(db, catalog, roles[ADMIN]!.id, roles[OPERATOR]!.id, roles[READER]!.id, roles[DELEGATOR]!.id);
  const aces: Array<[Row, Row, Row]> = [
    [groups.Administrators, root, roles[ADMIN]!],
    [groups.Administrators, groupsRoot, roles[ADMIN]!],
    [groups['Operators North'], regionRows.get('Region North')!, roles[OPERATOR]!],
    [groups['Operators North'], catalogContainer, roles[READER]!],
    [groups['Auditors South'], regionRows.get('Region South')!, roles[READER]!],
    [groups['Auditors South'], catalogContainer, roles[READER]!],
  ];
  for (const [trustee, entity, role] of aces)
    await db.query(`INSERT INTO vs_ace (trustee, entity, role) VALUES ($1, $2, $3)`, [trustee.id, entity.id, role.id]);
  for (const [k, account] of DEMO_ACCOUNTS.entries()) {
    await db.query(`INSERT INTO vs_credential (user_id, password_hash) VALUES ($1, $2)`, [
      users[k]!.id,
      await hashPassword(account.password),
    ]);
  }
  if (name === 'empty') return { anonymousUserId: anonymous.id };

  // Products, machines, their slots and SIMs.
  const sales = name === 'demo' ? 50_000 : Number(name.slice('large:'.length));
  const machineCount = Math.max(300, Math.ceil(sales / 170));
  const simCount = 700 + machineCount;
  await s.reserve(PRODUCTS.length + machineCount * 9 + simCount);
  const products = PRODUCTS.map((p, k) =>
    s.add('product', catalogContainer, {
      name: p,
      ean: String(4000000000000 + k * 7919),
      price: Math.round((0.8 + random() * 2.7) * 10) / 10,
      currency_id: currencies[0]!.id,
    }),
  );
  const day = 86_400_000;
  const anchor = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const machines: Row[] = [];
  for (let m = 0; m < machineCount; m++) {
    const site = sites[m % sites.length]!;
    const filled = anchor - Math.floor(random() * 7 * 24 * 60) * 60_000;
    const machine = s.add(
      'machine',
      site.row,
      {
        serial_number: `VM-${String(100001 + m)}`,
        name: `${site.row.name as string} #${Math.floor(m / sites.length) + 1}`,
        lat: Math.round((site.lat + (random() - 0.5) * 0.1) * 1e6) / 1e6,
        lon: Math.round((site.lon + (random() - 0.5) * 0.1) * 1e6) / 1e6,
        tour_id: site.tours[m % 2]!.id,
        currency_id: currencies[m % 17 === 0 ? 1 : 0]!.id,
        machine_type_id: machineTypes[m % machineTypes.length]!.id,
        tstamp_last_filling: new Date(filled).toISOString(),
        tstamp_next_filling: new Date(filled + 7 * day).toISOString(),
        tstamp_filling_critical: m % 11 === 0 ? new Date(filled + 5 * day).toISOString() : null,
        tstamp_last_haccp: null,
        tstamp_next_haccp: null,
      },
      m === 0 ? DOC_IDS.machine : undefined,
    );
    machines.push(machine);
    for (let choice = 1; choice <= 8; choice++) {
      const product = products[(m * 3 + choice * 5) % products.length]!;
      s.add('machine_product', machine, {
        product_id: product.id,
        choice,
        price: product.price as number,
        capacity: 40,
        fill_level: Math.floor(random() * 41),
      });
    }
  }
  for (let k = 0; k < simCount; k++) {
    const site = sites[k % sites.length]!;
    s.add(
      'sim',
      site.row,
      {
        imsi: `26201${String(1000000000 + k * 7919).slice(-10)}`,
        iccid: `894902${String(1000000000000 + k * 104729).slice(-13)}`,
        msisdn: `49151${String(10000000 + k * 3571).slice(-8)}`,
        machine_id: k < machines.length ? machines[k]!.id : null,
      },
      k === 0 ? DOC_IDS.sim : k === 1 ? DOC_IDS.sim2 : undefined,
    );
  }
  await s.flush();
  await seedSales(
    db,
    catalog,
    sales,
    anchor,
    users[0]!.id,
    statuses.map((x) => x.id),
  );
  return { anonymousUserId: anonymous.id };
}

/** Sales are generated inside the database: shipping 500,000 rows through JSON would be far slower. */
async function seedSales(
  db: Database,
  catalog: Catalog,
  count: number,
  anchorMs: number,
  owner: bigint,
  statuses: bigint[],
): Promise<void> {
  const sale = catalog.type('sale')!;
  for (let from = 0; from < count; from += 250_000) {
    const to = Math.min(count, from + 250_000) - 1;
    await db.query(
      `
      INSERT INTO obj_sale (id, parent_id, owner, path, tstamp, price, choice, sale_status_id, product_id)
      SELECT s.id, m.id, $1::int8, m.path || s.id,
             to_timestamp($2::float8 / 1000) - make_interval(days => (s.day + 1)::int) + make_interval(secs => s.second_of_day::float8),
             mp.price, mp.choice,
             CASE WHEN s.bucket < 62 THEN $3::int8 WHEN s.bucket < 95 THEN $4::int8 WHEN s.bucket < 98 THEN $5::int8 ELSE $6::int8 END,
             mp.product_id
      FROM (SELECT i, vs_mint_id() AS id,
                   -- hashint8extended is stable across PostgreSQL versions (hash partitioning relies on it).
                   abs(hashint8extended(i, 1)) % (SELECT count(*) FROM obj_machine) AS mi,
                   1 + abs(hashint8extended(i, 2)) % 8 AS choice,
                   abs(hashint8extended(i, 3)) % 100 AS bucket,
                   abs(hashint8extended(i, 4)) % 90 AS day,
                   -- Machines sell between 06:00 and 22:00.
                   21600 + abs(hashint8extended(i, 5)) % 57600 AS second_of_day
            FROM generate_series($7::int8, $8::int8) i) s
      JOIN (SELECT id, path, row_number() OVER (ORDER BY id) - 1 AS k FROM obj_machine) m ON m.k = s.mi
      JOIN obj_machine_product mp ON mp.parent_id = m.id AND mp.choice = s.choice
      ORDER BY s.i`,
      [owner, anchorMs, statuses[0], statuses[1], statuses[2], statuses[3], from, to],
    );
  }
  await db.query(`INSERT INTO vs_object (id, type_id) SELECT id, $1::int8 FROM obj_sale`, [sale.id]);
}

async function grantRoles(
  db: Database,
  catalog: Catalog,
  admin: bigint,
  operator: bigint,
  reader: bigint,
  delegator: bigint,
): Promise<void> {
  const grants: Array<[bigint, TypeDef, string[], string, boolean, boolean]> = [];
  const reference = ['currency', 'machine_type', 'sale_status', 'product', 'container'];
  const serviced = ['machine', 'sim', 'tour'];
  for (const t of catalog.types.filter((x) => x.managed)) {
    grants.push([admin, t, t.privileges, '*', true, t.privileges.includes('update')]);
    if (serviced.includes(t.name))
      grants.push([
        operator,
        t,
        t.privileges.filter((p) => ['read', 'update', 'create', 'plan'].includes(p)),
        '*',
        true,
        true,
      ]);
    else if (reference.includes(t.name) || t.name === 'sale') grants.push([operator, t, ['read'], '*', true, false]);
    if (t.name !== 'user' && t.name !== 'user_group' && t.name !== 'role')
      grants.push([reader, t, ['read'], '*', true, false]);
    if (['container', 'machine', 'sim'].includes(t.name))
      grants.push([delegator, t, ['read', 'set privilege'], '*', true, false]);
  }
  for (const [role, t, privileges, attribute, canRead, canUpdate] of grants) {
    for (const p of privileges)
      await db.query(`INSERT INTO vs_role_privilege (role_id, type_id, privilege) VALUES ($1, $2, $3)`, [
        role,
        t.id,
        p,
      ]);
    await db.query(
      `INSERT INTO vs_role_attribute (role_id, type_id, attribute, can_read, can_update) VALUES ($1, $2, $3, $4, $5)`,
      [role, t.id, attribute, canRead, canUpdate],
    );
  }
  // The reader may not see where machines stand; the operator services machines but may not
  // change the currency they sell in (an attribute read-only for a user who may update the object).
  const machine = catalog.type('machine')!;
  for (const attribute of ['lat', 'lon']) {
    await db.query(
      `INSERT INTO vs_role_attribute (role_id, type_id, attribute, can_read, can_update) VALUES ($1, $2, $3, false, false)`,
      [reader, machine.id, attribute],
    );
  }
  await db.query(
    `INSERT INTO vs_role_attribute (role_id, type_id, attribute, can_read, can_update) VALUES ($1, $2, 'currency_id', true, false)`,
    [operator, machine.id],
  );
}

/** Changes whenever the seed code changes, so a template made by older seed code is not reused. */
export function seedFingerprint(): string {
  return (
    [seed, seedSales, grantRoles, Seeder, insertRows].map((f) => f.toString()).join('\n') +
    stringifyJson({ REGIONS, SITES, PRODUCTS, DEMO_ACCOUNTS, DEMO_ACCOUNT_GROUPS, DOC_IDS })
  );
}
