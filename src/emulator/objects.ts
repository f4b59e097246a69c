// Reading objects and shaping them as TransferObjects.

import type { JsonObject, JsonValue } from '../core/json';
import { notFound } from './errors';
import { tableName, type TypeDef } from './catalog';
import type { Queryable } from './database';
import type { UserAccess } from './access';

export type ObjectRow = Record<string, unknown> & {
  id: bigint;
  parent_id: bigint | null;
  owner: bigint | null;
  path: unknown[];
  deleted: boolean;
};

export interface TransferOptions {
  privileges: boolean;
  attributePrivileges: boolean;
}

export function selectColumns(t: TypeDef): string {
  return ['id', 'parent_id', 'owner', 'deleted', 'path', ...t.attributes.map((a) => `"${a.name}"`)].join(', ');
}

export function pathOf(row: { path: unknown[] }): bigint[] {
  return row.path.map((x) => BigInt(x as bigint));
}

/** One object the caller can read, or P0002 (the same answer whether it is missing or hidden). */
export async function readObject(
  q: Queryable,
  t: TypeDef,
  access: UserAccess,
  id: bigint,
  options: { includeDeleted?: boolean } = {},
): Promise<ObjectRow> {
  const readers = access.entitiesWith(t, 'read');
  if (readers.length > 0) {
    const rows = await q.query<ObjectRow>(
      `SELECT ${selectColumns(t)} FROM ${tableName(t)} WHERE id = $1 AND path && $2::int8[]${options.includeDeleted ? '' : ' AND NOT deleted'}`,
      [id, readers.map(String)],
    );
    if (rows[0]) return rows[0];
  }
  throw notFound(t.name, id);
}

/**
 * The documented TransferObject. Unreadable attributes are left out of the definition;
 * "owner" and "parent_id" are always there. Keys are ordered as PostgreSQL's jsonb orders them
 * (shorter first, then bytewise), which is the order the documentation's examples show.
 */
export function toTransferObject(t: TypeDef, row: ObjectRow, access: UserAccess, options: TransferOptions): JsonObject {
  const path = pathOf(row);
  const privileges = access.privilegesOn(t, path);
  const attributePermissions = access.attributePermissionsOn(t, path, privileges);
  const definition: Record<string, JsonValue> = { owner: row.owner, parent_id: row.parent_id };
  for (const p of attributePermissions) definition[p.name] = (row[p.name] ?? null) as JsonValue;
  return {
    id: row.id,
    type_id: t.id,
    definition: jsonbOrder(definition),
    permissions: options.privileges ? t.privileges.map((name) => ({ name, permitted: privileges.has(name) })) : null,
    attribute_permissions: options.attributePrivileges ? attributePermissions.map((p) => ({ ...p })) : null,
  };
}

export function jsonbOrder(obj: Record<string, JsonValue>): JsonObject {
  const keys = Object.keys(obj).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const out: JsonObject = {};
  for (const k of keys) out[k] = obj[k]!;
  return out;
}

/** The list/getmany/getstructure envelope. */
export function transferList(
  objects: JsonObject[],
  counts: { total: number | null; filtered: number | null; limited: number | null },
): JsonObject {
  return {
    filtered_record_count: counts.filtered,
    limited_record_count: counts.limited,
    total_record_count: counts.total,
    transfer_objects: objects,
  };
}
