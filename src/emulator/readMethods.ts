// describe, get, getmany, list, getstructure, getcontainer.

import type { JsonObject, JsonValue } from '../core/json';
import { readFilter } from '../core/filter';
import { toCamelCase } from '../core/attributeNames';
import { ApiError } from './errors';
import { idParam, idsParam, jsonParam, transferOptions, type Call } from './call';
import { readObject, selectColumns, toTransferObject, transferList, type ObjectRow } from './objects';
import type { Context } from './context';
import { resolveType } from './typeAccess';
import { filterToSql, orderSql } from './filterSql';
import { SqlParams } from './values';
import { tableName } from './catalog';
import { checkFilterLimits } from './limits';

export async function describe(ctx: Context, call: Call): Promise<JsonValue> {
  const { access } = call.caller;
  const result: JsonObject[] = [];
  for (const t of ctx.catalog.types) {
    const summary = access.typeSummary(t);
    if (!summary.privileges.includes('read')) continue;
    result.push({
      id: t.id,
      name: t.name,
      recoverable: t.recoverable,
      managed_object: t.managed,
      readable_attributes: summary.readable.length ? summary.readable.map(toCamelCase) : null,
      writeable_attributes: summary.writeable.length ? summary.writeable.map(toCamelCase) : null,
      privileges: [...summary.privileges].sort(),
      parent_object_types: t.parents.map((p) => ctx.catalog.type(p)!.id),
    });
  }
  return result;
}

export async function get(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const id = idParam(call.params[1], 'The object id in the path');
  const row = await readObject(ctx.db, t, call.caller.access, id);
  return toTransferObject(t, row, call.caller.access, transferOptions(call));
}

export async function getmany(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const ids = idsParam(call);
  const options = transferOptions(call);
  const readers = call.caller.access.entitiesWith(t, 'read');
  const rows =
    ids.length === 0 || readers.length === 0
      ? []
      : await ctx.db.query<ObjectRow>(
          `SELECT ${selectColumns(t)} FROM ${tableName(t)} WHERE id = ANY($1::int8[]) AND NOT deleted AND path && $2::int8[]`,
          [ids, readers],
        );
  // Objects come back in the order asked for; ids that are missing or hidden are left out.
  const byId = new Map(rows.map((r) => [r.id, r]));
  const objects = [...new Set(ids)].flatMap((id) => {
    const row = byId.get(id);
    return row ? [toTransferObject(t, row, call.caller.access, options)] : [];
  });
  return transferList(objects, { total: null, filtered: null, limited: null });
}

export async function list(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const { filter, problems } = readFilter(jsonParam(call, 'filter'));
  if (problems[0]) throw new ApiError(problems[0].code, `Filter: ${problems[0].message}`);
  checkFilterLimits(filter);
  const options = transferOptions(call);
  const { access } = call.caller;
  const readers = access.entitiesWith(t, 'read');
  if (readers.length === 0) return transferList([], { total: 0, filtered: 0, limited: 0 });

  const params = new SqlParams();
  const acl = `NOT deleted AND path && ${params.add(readers.map(String), 'int8[]')}`;
  const compiled = filterToSql(filter, t, access, params);
  const page = new SqlParams();
  page.values.push(...params.values);
  const orderBy = orderSql(filter.order, t, access, page);
  const limit = compiled.limit === null ? '' : ` LIMIT ${page.add(compiled.limit)}`;
  const offset = compiled.offset ? ` OFFSET ${page.add(compiled.offset)}` : '';
  const from = `FROM ${tableName(t)} WHERE ${acl}`;

  // One database operation: on PGlite one worker round trip, and one slow list holds one connection.
  const [rows, ...counts] = (await ctx.db.queryMany([
    {
      sql: `SELECT ${selectColumns(t)} ${from} AND ${compiled.where} ORDER BY ${orderBy}${limit}${offset}`,
      params: page.values,
    },
    { sql: `SELECT count(*) AS n ${from}`, params: params.values.slice(0, 1) },
    ...(compiled.hasConstraints
      ? [{ sql: `SELECT count(*) AS n ${from} AND ${compiled.where}`, params: params.values }]
      : []),
  ])) as [ObjectRow[], ...{ n: bigint }[][]];
  const [total, filtered] = counts.map((c) => Number(c[0]?.n ?? 0n)) as [number, number?];
  return transferList(
    rows.map((r) => toTransferObject(t, r, access, options)),
    {
      total,
      filtered: filtered ?? total,
      limited: rows.length,
    },
  );
}

export async function getstructure(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const { access } = call.caller;
  const readers = access.entitiesWith(t, 'read');
  const rows =
    readers.length === 0
      ? []
      : await ctx.db.query<ObjectRow>(
          `SELECT id, parent_id, owner, deleted, path FROM ${tableName(t)} WHERE NOT deleted AND path && $1::int8[] ORDER BY cardinality(path), id`,
          [readers.map(String)],
        );
  const options = { privileges: transferOptions(call).privileges, attributePrivileges: false };
  const objects = rows.map((r) => {
    const o = toTransferObject(t, r, access, options);
    // getstructure's definitions hold only id and parent_id (documented).
    return { ...o, definition: { id: r.id, parent_id: r.parent_id } };
  });
  return transferList(objects, { total: objects.length, filtered: objects.length, limited: objects.length });
}

export async function getcontainer(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const privilege = call.params[1] ?? '';
  if (!t.privileges.includes(privilege)) {
    throw new ApiError(
      '22023',
      `"${privilege}" is not a privilege of ${t.name} objects; they have: ${t.privileges.join(', ')}.`,
    );
  }
  const { access } = call.caller;
  const entities = access.entitiesWith(t, privilege);
  if (entities.length === 0) return [];
  const ids: string[] = [];
  for (const parentType of t.parents.map((p) => ctx.catalog.type(p)!)) {
    const readers = access.entitiesWith(parentType, 'read');
    const rows = await ctx.db.query<{ id: bigint }>(
      `SELECT id FROM ${tableName(parentType)} WHERE NOT deleted AND path && $1::int8[] AND path && $2::int8[] ORDER BY cardinality(path), id`,
      [entities.map(String), readers.map(String)],
    );
    // Ids as JSON strings here, exactly as the documentation shows.
    ids.push(...rows.map((r) => r.id.toString()));
  }
  return ids;
}
