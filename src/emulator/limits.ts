// The emulator's limits on what one request may ask for, checked before the work they bound: a
// request over a limit is refused with 54000 (program_limit_exceeded) and a message naming the
// limit, so no single request can exhaust the server's memory or time. docs/emulator.md lists them.

import type { ConditionList, Filter } from '../core/filter';
import { splitList } from '../core/filter';
import { ApiError } from './errors';

export const LIMITS = {
  /** Body of a request that is not (yet) authenticated: login, validate, or a refused key. */
  unauthenticatedBodyBytes: 64 * 1024,
  /** Nesting of arrays and objects in any JSON a client sends. */
  jsonDepth: 64,
  /** Nesting of condition lists in a filter. */
  filterDepth: 16,
  /** Conditions in one filter, at all depths together. */
  conditions: 500,
  /** Values in one type-7 (in list) condition. */
  inListValues: 1000,
  /** Characters in an attribute or type name. */
  nameLength: 128,
  /** Characters in a type-9 regular expression. */
  regexLength: 512,
  /** Groups plus aggregations in one report. */
  reportDimensions: 32,
  /** Ids in one getmany, deletemany or updatemany, and items in one upload. */
  ids: 10_000,
} as const;

export function limitExceeded(what: string, limit: number, unit: string): ApiError {
  return new ApiError(
    '54000',
    `${what} exceeds the emulator's limit of ${limit} ${unit}. Split the request or simplify it.`,
  );
}

/** A name (attribute or type) is checked for length before anything compares or suggests it. */
export function checkNameLength(name: string, what: string): void {
  if (name.length > LIMITS.nameLength)
    throw limitExceeded(`The ${what} (${name.length} characters)`, LIMITS.nameLength, 'characters');
}

/** Depth, condition count, in-list length, regex length and name length of a filter. */
export function checkFilterLimits(filter: Filter): void {
  if (filter.order) checkNameLength(filter.order.attribute, 'order attribute name');
  if (!filter.constraints) return;
  let conditions = 0;
  const walk = (list: ConditionList, depth: number): void => {
    if (depth > LIMITS.filterDepth) throw limitExceeded('The nesting of condition lists', LIMITS.filterDepth, 'levels');
    for (const c of list.conditions) {
      if (++conditions > LIMITS.conditions)
        throw limitExceeded('The number of conditions', LIMITS.conditions, 'conditions');
      checkNameLength(c.attribute, 'attribute name');
      if (c.type === 9 && c.value !== null && c.value.length > LIMITS.regexLength) {
        throw limitExceeded(`The regular expression (${c.value.length} characters)`, LIMITS.regexLength, 'characters');
      }
      if (c.type === 7 && c.value !== null && splitList(c.value).length > LIMITS.inListValues) {
        throw limitExceeded('The in-list (type 7)', LIMITS.inListValues, 'values');
      }
    }
    for (const l of list.lists) walk(l, depth + 1);
  };
  walk(filter.constraints, 1);
}

export function checkCount(count: number, limit: number, what: string): void {
  if (count > limit) throw limitExceeded(`${what} (${count})`, limit, 'items');
}
