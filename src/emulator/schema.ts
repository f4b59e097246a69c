// The emulator's database schema. Every object lives in its type's table (typed columns, so
// filters and reports run on real column types) and is registered in vs_object (id → type).
// `path` holds the ids from the root down to the object itself: privilege inheritance is then
// "the object's path meets the set of entities whose ACEs grant the privilege" (path && $set).

import { createHash } from 'node:crypto';
import type { Database } from './database';
import { tableName, type Catalog, type DataType } from './catalog';

const SQL_TYPES: Record<DataType, string> = {
  text: 'text',
  integer: 'int8',
  number: 'numeric',
  id: 'int8',
  timestamp: 'timestamptz',
  boolean: 'boolean',
};

export function sqlType(dataType: DataType): string {
  return SQL_TYPES[dataType];
}

export function schemaSql(catalog: Catalog): string {
  const parts = [
    `CREATE SEQUENCE vs_id_seq`,
    // Ids above 2^56 (so that any rounding to a double shows at once) and below 2^63 (int8).
    // The multiplier spreads them so they do not look sequential; none is a multiple of 16.
    `CREATE FUNCTION vs_mint_id() RETURNS int8 LANGUAGE sql VOLATILE AS $$
       SELECT 125000000000000000 + n * 1000003 + 1 + (n * 7919) % 997 FROM (SELECT nextval('vs_id_seq') AS n) s
     $$`,
    `CREATE TABLE vs_meta (key text PRIMARY KEY, value text NOT NULL)`,
    `CREATE TABLE vs_object (id int8 PRIMARY KEY, type_id int8 NOT NULL)`,
    `CREATE TABLE vs_role_privilege (role_id int8 NOT NULL, type_id int8 NOT NULL, privilege text NOT NULL, PRIMARY KEY (role_id, type_id, privilege))`,
    // attribute '*' stands for every attribute of the type; a row for a named attribute overrides it.
    `CREATE TABLE vs_role_attribute (role_id int8 NOT NULL, type_id int8 NOT NULL, attribute text NOT NULL, can_read boolean NOT NULL, can_update boolean NOT NULL, PRIMARY KEY (role_id, type_id, attribute))`,
    `CREATE TABLE vs_ace (trustee int8 NOT NULL, entity int8 NOT NULL, role int8 NOT NULL, PRIMARY KEY (trustee, entity, role))`,
    `CREATE TABLE vs_credential (user_id int8 PRIMARY KEY, password_hash text NOT NULL)`,
    // Only a hash of each session key is stored: a copied data dir does not leak live sessions.
    `CREATE TABLE vs_session (key_hash text PRIMARY KEY, user_id int8 NOT NULL, device_token text, ttl_seconds int8 NOT NULL, expires timestamptz NOT NULL)`,
  ];
  for (const t of catalog.types) {
    const columns = t.attributes.map((a) => `"${a.name}" ${sqlType(a.dataType)}`);
    parts.push(`CREATE TABLE ${tableName(t)} (
      id int8 PRIMARY KEY,
      parent_id int8,
      owner int8,
      deleted boolean NOT NULL DEFAULT false,
      path int8[] NOT NULL${columns.length ? ',\n      ' + columns.join(',\n      ') : ''}
    )`);
    parts.push(`CREATE INDEX ON ${tableName(t)} (parent_id)`);
  }
  return parts.map((p) => p + ';').join('\n');
}

/** Changes whenever the schema changes, so an old data dir is never misread. */
export function schemaVersion(catalog: Catalog): string {
  return createHash('sha256').update(schemaSql(catalog)).digest('hex').slice(0, 16);
}

/** Names a template: the schema and the code that seeded it. */
export function templateVersion(catalog: Catalog, seedFingerprint: string): string {
  return createHash('sha256').update(schemaSql(catalog)).update(seedFingerprint).digest('hex').slice(0, 16);
}

export async function createSchema(db: Database, catalog: Catalog): Promise<void> {
  await db.exec(schemaSql(catalog));
  await db.query(`INSERT INTO vs_meta (key, value) VALUES ('schema_version', $1)`, [schemaVersion(catalog)]);
}

export async function readMeta(db: Database): Promise<Record<string, string>> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('vs_meta')::text AS t`);
  if (!exists[0]?.t) return {};
  const rows = await db.query<{ key: string; value: string }>(`SELECT key, value FROM vs_meta`);
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}
