// Filter → parameterised SQL: WHERE, ORDER BY … NULLS LAST, LIMIT/OFFSET, as the documentation
// translates it. Attribute names are resolved against the catalog first; values are parameters.

import { CONDITION_TYPES, splitList, splitRange, type ConditionList, type Filter, type Order } from '../core/filter';
import { ApiError } from './errors';
import { resolveReadableAttribute } from './typeAccess';
import { columnSql, filterParam, SqlParams, type AttributeRef } from './values';
import type { TypeDef } from './catalog';
import type { UserAccess } from './access';

export interface CompiledFilter {
  /** Conditions beyond access control; "TRUE" when the filter has none. */
  where: string;
  limit: number | null;
  offset: number;
  hasConstraints: boolean;
}

const COMPARE: Partial<Record<number, string>> = { 1: '=', 2: '<>', 3: '>', 4: '<', 10: '>=', 11: '<=' };

/** The filter's conditions, limit and offset; its order is orderSql's, with the statement's own params. */
export function filterToSql(filter: Filter, t: TypeDef, access: UserAccess, params: SqlParams): CompiledFilter {
  const where = filter.constraints ? listSql(filter.constraints, t, access, params) : null;
  return {
    where: where ?? 'TRUE',
    limit: filter.count?.count ?? null,
    offset: filter.count?.offset ?? 0,
    hasConstraints: where !== null,
  };
}

/** ORDER BY … NULLS LAST, then id, so that paging through equal values is stable. */
export function orderSql(order: Order | null, t: TypeDef, access: UserAccess, params: SqlParams): string {
  if (!order) return 'id ASC';
  const a = resolveReadableAttribute(t, access, order.attribute);
  // Objects on which the caller cannot read the attribute sort as if it were null: sorting by
  // their hidden values would reveal them, as a condition on them would.
  const readable = readableWhere(a, t, access, params);
  const key = readable ? `CASE WHEN ${readable} THEN ${columnSql(a)} END` : columnSql(a);
  return `${key} ${order.direction} NULLS LAST${a.column === 'id' ? '' : ', id ASC'}`;
}

function listSql(list: ConditionList, t: TypeDef, access: UserAccess, params: SqlParams): string | null {
  const parts: string[] = [];
  for (const c of list.conditions) {
    const a = resolveReadableAttribute(t, access, c.attribute);
    parts.push(restrictToReadable(conditionSql(a, c.type, c.value, params), a, t, access, params));
  }
  for (const l of list.lists) {
    const sql = listSql(l, t, access, params);
    if (sql) parts.push(sql);
  }
  if (parts.length === 0) return null;
  return `(${parts.join(` ${list.join} `)})`;
}

export function conditionSql(a: AttributeRef, type: number, value: string | null, params: SqlParams): string {
  const col = columnSql(a);
  const op = COMPARE[type];
  if (op) return `${col} ${op} ${filterParam(a, value!, params)}`;
  switch (type) {
    case 5:
      return `${col} IS NULL`;
    case 6:
      return `${col} IS NOT NULL`;
    case 7:
      return `${col} IN (${splitList(value!)
        .map((v) => filterParam(a, v, params))
        .join(', ')})`;
    case 8: {
      const [low, high] = splitRange(value!);
      return `${col} BETWEEN ${filterParam(a, low, params)} AND ${filterParam(a, high, params)}`;
    }
    case 9:
      return `${col}::text ~* ${params.add(value!, 'text')}`;
  }
  throw new ApiError(
    '22023',
    `Condition type ${type} is not one of 1–11 (${Object.values(CONDITION_TYPES)
      .map((c) => c.type + ' ' + c.label)
      .join(', ')}).`,
  );
}

/**
 * A condition on an attribute the caller can read on some objects only matches where it can read
 * it; otherwise a filter would reveal values the caller may not see.
 */
function restrictToReadable(sql: string, a: AttributeRef, t: TypeDef, access: UserAccess, params: SqlParams): string {
  const readable = readableWhere(a, t, access, params);
  return readable ? `(${sql} AND ${readable})` : sql;
}

/** The extra condition that limits rows to those where the caller can read `a`; null when that is every readable row. */
export function readableWhere(a: AttributeRef, t: TypeDef, access: UserAccess, params: SqlParams): string | null {
  if (a.column === 'id' || a.column === 'parent_id' || a.column === 'owner') return null;
  const readers = access.entitiesReading(t, a.name);
  const all = access.entitiesWith(t, 'read');
  if (readers.length === all.length && readers.every((e) => all.includes(e))) return null;
  return `path && ${params.add(readers.map(String), 'int8[]')}`;
}
