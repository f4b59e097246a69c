// create, update, updatemany, move, delete, undelete, deletemany, upload.
// Every multi-statement change runs in one transaction, so a failing request leaves no trace.

import { attributeKey, findAttribute, toCamelCase } from '../core/attributeNames';
import { isJsonObject, stringifyJson, type JsonObject, type JsonValue } from '../core/json';
import { unknownAttributeMessage } from '../core/filter';
import { toId } from '../core/ids';
import { ApiError } from './errors';
import { idParam, idsParam, jsonParam, parseRequestJson, transferOptions, type Call, type Caller } from './call';
import { pathOf, readObject, selectColumns, toTransferObject, type ObjectRow } from './objects';
import type { Context } from './context';
import { resolveType } from './typeAccess';
import { definitionParam, SqlParams } from './values';
import { SYSTEM_ATTRIBUTES, tableName, type AttributeDef, type TypeDef } from './catalog';
import type { Queryable } from './database';
import { DEVICE_TOKEN } from './authMethods';
import { checkCount, checkNameLength, LIMITS } from './limits';

/** Types whose changes alter who holds which rights (trustees, their activity, roles). */
const ACCESS_TYPES = new Set(['user', 'user_group', 'role']);

interface Definition {
  values: Array<[AttributeDef, JsonValue]>;
  parentId: bigint | undefined;
  system: Partial<Record<'id' | 'owner', JsonValue>>;
}

/**
 * Reads a definition body, matching attribute names in any spelling. An unknown name is 42703,
 * with a "did you mean" and the known names only for a caller who may read the type.
 */
function readDefinition(t: TypeDef, body: JsonValue | undefined, caller: Caller): Definition {
  if (body === undefined)
    throw new ApiError(
      '22004',
      `The request body must be a JSON definition of the ${t.name}, e.g. {"${t.attributes[0]?.name ?? 'name'}": …}.`,
    );
  if (!isJsonObject(body))
    throw new ApiError(
      '22023',
      `The definition must be a JSON object of attributes, not ${Array.isArray(body) ? 'an array' : stringifyJson(body)}.`,
    );
  const result: Definition = { values: [], parentId: undefined, system: {} };
  const seen = new Map<string, string>();
  const names = t.attributes.map((a) => a.name);
  for (const [key, value] of Object.entries(body)) {
    checkNameLength(key, 'attribute name');
    const k = attributeKey(key);
    const earlier = seen.get(k);
    if (earlier !== undefined)
      throw new ApiError('42701', `The definition names one attribute twice: "${earlier}" and "${key}".`);
    seen.set(k, key);
    const system = findAttribute(key, SYSTEM_ATTRIBUTES);
    if (system === 'parent_id') {
      if (value !== null) result.parentId = idParam(value, 'parent_id');
      continue;
    }
    if (system) {
      result.system[system] = value;
      continue;
    }
    const name = findAttribute(key, names);
    if (!name) {
      const mayRead = caller.access.entitiesWith(t, 'read').length > 0;
      throw new ApiError(
        '42703',
        mayRead
          ? unknownAttributeMessage(key, [...SYSTEM_ATTRIBUTES, ...names], t.name)
          : `Unknown attribute "${key}" for type ${t.name}.`,
      );
    }
    result.values.push([t.attributes.find((a) => a.name === name)!, value]);
  }
  return result;
}

/** Refuses attributes the caller may not set on an object with the given path. */
function checkUpdatable(caller: Caller, t: TypeDef, path: bigint[], def: Definition, what: string): void {
  const privileges = caller.access.privilegesOn(t, path);
  const permissions = new Map(caller.access.attributePermissionsOn(t, path, privileges).map((p) => [p.name, p]));
  for (const [a] of def.values) {
    if (!permissions.get(a.name)?.can_update) {
      throw new ApiError('42501', `You may not set attribute ${a.name} (${toCamelCase(a.name)}) of ${what}.`);
    }
  }
}

/**
 * The parent a new or moved object goes under, locked for the transaction. `grants` names the
 * entities whose descendants the caller may put the object under. A parent the caller can neither
 * read nor use answers P0002, so its existence does not leak.
 */
async function lockParent(
  q: Queryable,
  ctx: Context,
  t: TypeDef,
  parentId: bigint,
  caller: Caller,
  grants: (parentType: TypeDef) => bigint[],
  action: string,
): Promise<ObjectRow> {
  const found = await q.query<{ type_id: bigint }>(`SELECT type_id FROM vs_object WHERE id = $1`, [parentId]);
  const parentType = found[0] ? ctx.catalog.typeById(found[0].type_id) : undefined;
  const rows = parentType
    ? await q.query<ObjectRow>(
        `SELECT ${selectColumns(parentType)} FROM ${tableName(parentType)} WHERE id = $1 AND NOT deleted FOR UPDATE`,
        [parentId],
      )
    : [];
  const row = rows[0];
  const missing = new ApiError('P0002', `No parent object with id ${parentId} exists that you can read.`);
  if (!row || !parentType) throw missing;
  const path = pathOf(row);
  const allowed = grants(parentType).some((e) => path.includes(e));
  if (!allowed && !caller.access.privilegesOn(parentType, path).has('read')) throw missing;
  if (!t.parents.includes(parentType.name)) {
    throw new ApiError(
      '22023',
      `A ${t.name} cannot live under a ${parentType.name}; its parent must be a ${t.parents.join(' or ')}.`,
    );
  }
  if (!allowed) throw new ApiError('42501', `You may not ${action} under ${parentType.name} ${parentId}.`);
  return row;
}

async function defaultParent(
  q: Queryable,
  ctx: Context,
  caller: Caller,
  t: TypeDef,
  privilege: string,
): Promise<bigint> {
  const entities = caller.access.entitiesWith(t, privilege);
  for (const parentType of t.parents.map((p) => ctx.catalog.type(p)!)) {
    if (entities.length === 0) break;
    const rows = await q.query<{ id: bigint }>(
      `SELECT id FROM ${tableName(parentType)} WHERE NOT deleted AND path && $1::int8[] ORDER BY cardinality(path), id LIMIT 1`,
      [entities.map(String)],
    );
    if (rows[0]) return rows[0].id;
  }
  throw new ApiError('42501', `You may not create ${t.name} objects anywhere.`);
}

async function createOne(
  q: Queryable,
  ctx: Context,
  caller: Caller,
  t: TypeDef,
  body: JsonValue | undefined,
  viaUpload: boolean,
): Promise<bigint> {
  const def = readDefinition(t, body, caller);
  const access = caller.access;
  // Read-only types (sale) cannot be created, only uploaded by a device, under parents it may update.
  const readOnly = !t.privileges.includes('create');
  if (readOnly && !viaUpload) {
    throw new ApiError(
      '42501',
      `${t.name} objects cannot be created through the API: the type only has the privileges ${t.privileges.join(', ')}.`,
    );
  }
  const parentId = def.parentId ?? (await defaultParent(q, ctx, caller, t, 'create'));
  const parent = readOnly
    ? await lockParent(
        q,
        ctx,
        t,
        parentId,
        caller,
        (pt) => access.entitiesWith(pt, 'update'),
        `upload ${t.name} objects`,
      )
    : await lockParent(q, ctx, t, parentId, caller, () => access.entitiesWith(t, 'create'), `create ${t.name} objects`);
  if (!readOnly) checkUpdatable(caller, t, pathOf(parent), def, `a new ${t.name}`);
  const [{ id }] = (await q.query<{ id: bigint }>(`SELECT vs_mint_id() AS id`)) as [{ id: bigint }];
  const params = new SqlParams();
  const idParamSql = params.add(id, 'int8');
  const columns = ['id', 'parent_id', 'owner', 'path'];
  const values = [
    idParamSql,
    params.add(parentId, 'int8'),
    params.add(caller.userId, 'int8'),
    `${params.add(pathOf(parent).map(String), 'int8[]')} || ${idParamSql}`,
  ];
  for (const [a, v] of def.values) {
    columns.push(`"${a.name}"`);
    values.push(definitionParam(a, v, params));
  }
  await q.query(`INSERT INTO ${tableName(t)} (${columns.join(', ')}) VALUES (${values.join(', ')})`, params.values);
  await q.query(`INSERT INTO vs_object (id, type_id) VALUES ($1, $2)`, [id, t.id]);
  return id;
}

export async function create(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const id = await ctx.db.transaction((q) =>
    createOne(q, ctx, call.caller, t, call.body ?? bodyFromFields(call), false),
  );
  if (ACCESS_TYPES.has(t.name)) ctx.acl.invalidate();
  return toTransferObject(
    t,
    await readObject(ctx.db, t, call.caller.access, id),
    call.caller.access,
    transferOptions(call),
  );
}

/** A definition sent as a form field (definition={…}) rather than as the raw body. */
function bodyFromFields(call: Call): JsonValue | undefined {
  return jsonParam(call, 'definition');
}

async function updateOne(
  q: Queryable,
  ctx: Context,
  caller: Caller,
  t: TypeDef,
  id: bigint,
  def: Definition,
): Promise<void> {
  const row = await readObject(q, t, caller.access, id);
  const path = pathOf(row);
  const privileges = caller.access.privilegesOn(t, path);
  if (!t.privileges.includes('update'))
    throw new ApiError(
      '42501',
      `${t.name} objects are read-only: the type only has the privileges ${t.privileges.join(', ')}.`,
    );
  if (!privileges.has('update')) throw new ApiError('42501', `You may not update ${t.name} ${id}.`);
  for (const [name, value] of Object.entries(def.system)) {
    const current = name === 'id' ? row.id : row.owner;
    if (toId(value) !== current) throw new ApiError('22023', `${name} cannot be changed by update (it is ${current}).`);
  }
  checkUpdatable(caller, t, path, def, `${t.name} ${id}`);
  if (def.values.length === 0) return;
  const params = new SqlParams();
  const sets = def.values.map(([a, v]) => `"${a.name}" = ${definitionParam(a, v, params)}`);
  await q.query(`UPDATE ${tableName(t)} SET ${sets.join(', ')} WHERE id = ${params.add(id, 'int8')}`, params.values);
}

export async function update(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const id = idParam(call.params[1], 'The object id in the path');
  // parent_id in an update is discarded, as documented: moving is what move is for.
  const def = readDefinition(t, call.body ?? bodyFromFields(call), call.caller);
  await ctx.db.transaction((q) => updateOne(q, ctx, call.caller, t, id, def));
  if (ACCESS_TYPES.has(t.name)) ctx.acl.invalidate();
  return toTransferObject(
    t,
    await readObject(ctx.db, t, call.caller.access, id),
    call.caller.access,
    transferOptions(call),
  );
}

export async function updatemany(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const ids = idsParam(call);
  const def = readDefinition(t, jsonParam(call, 'definition'), call.caller);
  return perId(
    ids,
    (id) => ctx.db.transaction((q) => updateOne(q, ctx, call.caller, t, id, def)),
    () => ACCESS_TYPES.has(t.name) && ctx.acl.invalidate(),
  );
}

/**
 * deletemany/updatemany answer {"id": true|false} per id; one failure does not stop the rest.
 * `changed` runs after each id that changed, so a revocation takes effect at once, not at the end.
 */
async function perId(
  ids: bigint[],
  each: (id: bigint) => Promise<unknown>,
  changed: () => unknown,
): Promise<JsonObject> {
  const result: JsonObject = {};
  for (const id of ids) {
    try {
      await each(id);
      result[id.toString()] = true;
      changed();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      result[id.toString()] = false;
    }
  }
  return result;
}

async function deleteOne(q: Queryable, ctx: Context, caller: Caller, t: TypeDef, id: bigint): Promise<void> {
  const row = await readObject(q, t, caller.access, id);
  if (!caller.access.privilegesOn(t, pathOf(row)).has('delete')) {
    throw new ApiError(
      '42501',
      t.privileges.includes('delete') ? `You may not delete ${t.name} ${id}.` : `${t.name} objects cannot be deleted.`,
    );
  }
  if (t.recoverable) {
    await q.query(`UPDATE ${tableName(t)} SET deleted = true WHERE id = $1`, [id]);
    return;
  }
  // Not recoverable: the object and everything below it are dropped.
  const gone: bigint[] = [];
  for (const x of ctx.catalog.types) {
    const rows = await q.query<{ id: bigint }>(
      `DELETE FROM ${tableName(x)} WHERE path @> ARRAY[$1::int8] RETURNING id`,
      [id],
    );
    gone.push(...rows.map((r) => r.id));
  }
  await q.query(`DELETE FROM vs_object WHERE id = ANY($1::int8[])`, [gone.map(String)]);
  await q.query(`DELETE FROM vs_ace WHERE entity = ANY($1::int8[]) OR trustee = ANY($1::int8[])`, [gone.map(String)]);
}

export async function deleteObject(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const id = idParam(call.params[1], 'The object id in the path');
  await ctx.db.transaction((q) => deleteOne(q, ctx, call.caller, t, id));
  if (ACCESS_TYPES.has(t.name) || !t.recoverable) ctx.acl.invalidate();
  return { result: true };
}

export async function deletemany(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const ids = idsParam(call);
  return perId(
    ids,
    (id) => ctx.db.transaction((q) => deleteOne(q, ctx, call.caller, t, id)),
    () => (ACCESS_TYPES.has(t.name) || !t.recoverable) && ctx.acl.invalidate(),
  );
}

export async function undelete(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const id = idParam(call.params[1], 'The object id in the path');
  if (!t.recoverable)
    throw new ApiError(
      '22023',
      `${t.name} objects are not recoverable: a deleted ${t.name} is gone and cannot be undeleted.`,
    );
  await ctx.db.transaction(async (q) => {
    const row = await readObject(q, t, call.caller.access, id, { includeDeleted: true });
    if (!call.caller.access.privilegesOn(t, pathOf(row)).has('undelete'))
      throw new ApiError('42501', `You may not undelete ${t.name} ${id}.`);
    if (!row.deleted) throw new ApiError('22023', `${t.name} ${id} is not deleted; there is nothing to undelete.`);
    await q.query(`UPDATE ${tableName(t)} SET deleted = false WHERE id = $1`, [id]);
  });
  if (ACCESS_TYPES.has(t.name)) ctx.acl.invalidate();
  return { result: true };
}

export async function move(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const id = idParam(call.params[1], 'The object id in the path');
  const parentId = idParam(call.params[2], 'The new parent id in the path');
  await ctx.db.transaction(async (q) => {
    const row = await readObject(q, t, call.caller.access, id);
    if (!call.caller.access.privilegesOn(t, pathOf(row)).has('update'))
      throw new ApiError('42501', `You may not move ${t.name} ${id}: moving needs the update privilege on it.`);
    const parent = await lockParent(
      q,
      ctx,
      t,
      parentId,
      call.caller,
      () => call.caller.access.entitiesWith(t, 'create'),
      `move ${t.name} objects`,
    );
    const oldPath = pathOf(row);
    const newParentPath = pathOf(parent);
    if (newParentPath.includes(id))
      throw new ApiError('22023', `Cannot move ${t.name} ${id} under ${parentId}: that is inside the object itself.`);
    const depth = oldPath.length;
    await q.query(`UPDATE ${tableName(t)} SET parent_id = $1 WHERE id = $2`, [parentId, id]);
    // Every path that passes through the moved object gets the new prefix.
    for (const x of ctx.catalog.types) {
      await q.query(
        `UPDATE ${tableName(x)} SET path = $1::int8[] || path[$2::int:] WHERE cardinality(path) >= $2::int AND path[$2::int] = $3::int8`,
        [newParentPath.map(String), depth, id],
      );
    }
  });
  ctx.acl.invalidate();
  return { result: true };
}

export async function upload(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const token = call.headers.deviceToken;
  if (!token) throw new ApiError('22004', 'upload needs a DeviceToken header (and a SessionKey).');
  if (!DEVICE_TOKEN.test(token)) {
    throw new ApiError(
      '22023',
      'The DeviceToken header is malformed: 4–256 printable characters without spaces, e.g. 00:ab:cd:ef:12:34:56.',
    );
  }
  if (call.caller.sessionDeviceToken !== null && call.caller.sessionDeviceToken !== token) {
    throw new ApiError('42501', 'The DeviceToken header does not match the device this session was opened on.');
  }
  // The real bulk format is confidential; the emulator takes a JSON array of definitions.
  const body =
    call.body ?? (call.fields.data !== undefined ? parseRequestJson(call.fields.data, 'upload data') : undefined);
  const items = Array.isArray(body) ? body : body === undefined ? [] : [body];
  if (items.length === 0)
    throw new ApiError('22004', `upload needs a JSON array of ${t.name} definitions as the body.`);
  checkCount(items.length, LIMITS.ids, 'The number of upload items');
  await ctx.db.transaction(async (q) => {
    for (const [k, item] of items.entries()) {
      try {
        await createOne(q, ctx, call.caller, t, item, true);
      } catch (e) {
        if (e instanceof ApiError) throw new ApiError(e.code, `Item ${k}: ${e.message} Nothing was uploaded.`);
        throw e;
      }
    }
  });
  if (ACCESS_TYPES.has(t.name)) ctx.acl.invalidate();
  return { result: true };
}
