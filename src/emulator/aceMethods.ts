// ace/get, ace/set, ace/delete. Listing needs no privilege (ACEs are only ids, as documented);
// setting and deleting need "set privilege" on the entity.

import type { JsonValue } from '../core/json';
import { ApiError } from './errors';
import { idParam, textParam, type Call } from './call';
import { pathOf, selectColumns, type ObjectRow } from './objects';
import type { Context } from './context';
import { tableName, type TypeDef } from './catalog';
import type { Queryable } from './database';

async function lookup(
  q: Queryable,
  ctx: Context,
  id: bigint,
  includeDeleted = false,
): Promise<{ type: TypeDef; row: ObjectRow } | undefined> {
  const found = await q.query<{ type_id: bigint }>(`SELECT type_id FROM vs_object WHERE id = $1`, [id]);
  const type = found[0] ? ctx.catalog.typeById(found[0].type_id) : undefined;
  if (!type) return undefined;
  const rows = await q.query<ObjectRow>(
    `SELECT ${selectColumns(type)} FROM ${tableName(type)} WHERE id = $1${includeDeleted ? '' : ' AND NOT deleted'}`,
    [id],
  );
  return rows[0] ? { type, row: rows[0] } : undefined;
}

export async function aceGet(ctx: Context, call: Call): Promise<JsonValue> {
  const entityText = textParam(call, 'entity');
  const trusteeText = textParam(call, 'trustee');
  const where: string[] = [];
  const params: unknown[] = [];
  if (entityText) {
    params.push(idParam(entityText, 'entity'));
    where.push(`entity = $${params.length}`);
  }
  if (trusteeText) {
    // A user stands for itself and its groups; a group for itself and the groups above it.
    const trustee = idParam(trusteeText, 'trustee');
    const found = await lookup(ctx.db, ctx, trustee);
    const trustees = found && ['user', 'user_group'].includes(found.type.name) ? pathOf(found.row) : [trustee];
    params.push(trustees.map(String));
    where.push(`trustee = ANY($${params.length}::int8[])`);
  }
  const rows = await ctx.db.query<{ trustee: bigint; entity: bigint; role: bigint }>(
    `SELECT trustee, entity, role FROM vs_ace${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY entity, trustee, role`,
    params,
  );
  return rows.map((r) => ({ trustee: r.trustee, entity: r.entity, role: r.role }));
}

/**
 * The ACE a call names, checked. For removal the trustee and role may be deleted objects: an ACE
 * left naming a deleted role or group grants nothing, but can still be cleaned up.
 */
async function checkedAce(
  q: Queryable,
  ctx: Context,
  call: Call,
  forRemoval = false,
): Promise<[bigint, bigint, bigint]> {
  const trustee = idParam(textParam(call, 'trustee'), 'trustee');
  const entity = idParam(textParam(call, 'entity'), 'entity');
  const role = idParam(textParam(call, 'role'), 'role');
  const target = await lookup(q, ctx, entity);
  const privileges = target ? call.caller.access.privilegesOn(target.type, pathOf(target.row)) : new Set<string>();
  if (!target || !privileges.has('read'))
    throw new ApiError('P0002', `No entity with id ${entity} exists that you can read.`);
  if (!target.type.managed)
    throw new ApiError(
      '22023',
      `${target.type.name} objects are unmanaged: they hold no ACEs and take their parent's privileges. Set the ACE on the parent.`,
    );
  if (!privileges.has('set privilege'))
    throw new ApiError(
      '42501',
      `You may not change the ACEs of ${target.type.name} ${entity}: that needs the "set privilege" privilege.`,
    );
  const trusteeObject = await lookup(q, ctx, trustee, forRemoval);
  if (!trusteeObject || !['user', 'user_group'].includes(trusteeObject.type.name))
    throw new ApiError('22023', `Trustee ${trustee} is not a user or user group.`);
  const roleObject = await lookup(q, ctx, role, forRemoval);
  if (!roleObject || roleObject.type.name !== 'role') throw new ApiError('22023', `Role ${role} is not a role.`);
  return [trustee, entity, role];
}

export async function aceSet(ctx: Context, call: Call): Promise<JsonValue> {
  await ctx.db.transaction(async (q) => {
    const ace = await checkedAce(q, ctx, call);
    const target = (await lookup(q, ctx, ace[1]))!;
    const beyond = call.caller.access.privilegesBeyond(ace[2], pathOf(target.row));
    if (beyond.length > 0) {
      throw new ApiError(
        '01007',
        `You cannot grant role ${ace[2]} on ${ace[1]}: it grants privileges you do not hold there yourself (${beyond.slice(0, 5).join('; ')}${beyond.length > 5 ? '; …' : ''}).`,
      );
    }
    await q.query(`INSERT INTO vs_ace (trustee, entity, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, ace);
  });
  ctx.acl.invalidate();
  return { result: true };
}

export async function aceDelete(ctx: Context, call: Call): Promise<JsonValue> {
  await ctx.db.transaction(async (q) => {
    const ace = await checkedAce(q, ctx, call, true);
    const rows = await q.query(
      `DELETE FROM vs_ace WHERE trustee = $1 AND entity = $2 AND role = $3 RETURNING trustee`,
      ace,
    );
    if (rows.length === 0)
      throw new ApiError('P0002', `There is no ACE granting role ${ace[2]} to ${ace[0]} on ${ace[1]}.`);
  });
  ctx.acl.invalidate();
  return { result: true };
}
