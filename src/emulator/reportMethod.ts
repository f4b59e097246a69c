// report: a pivot of aggregations over groups, shaped exactly like the documentation's ReportResult.
// Dimensions: vertical groups first, then horizontal groups, then the aggregations.

import { readFilter } from '../core/filter';
import { readReport } from '../core/report';
import { isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { ApiError } from './errors';
import { jsonParam, type Call } from './call';
import { resolveType, resolveReadableAttribute } from './typeAccess';
import { filterToSql, readableWhere } from './filterSql';
import { columnSql, SqlParams } from './values';
import { tableName } from './catalog';
import type { Context } from './context';
import { checkCount, checkFilterLimits, LIMITS } from './limits';

const NUMERIC_TYPES = new Set(['integer', 'number']);

export async function report(ctx: Context, call: Call): Promise<JsonValue> {
  const t = resolveType(ctx.catalog, call.params[0]);
  const { access } = call.caller;
  // The report arrives as report=… (documented), or as the JSON body itself.
  let reportJson = jsonParam(call, 'report');
  if (
    reportJson === undefined &&
    isJsonObject(call.body) &&
    !Object.keys(call.body).some((k) => /^(filter|report)$/i.test(k))
  )
    reportJson = call.body;
  const { report: definition, problems } = readReport(reportJson);
  if (problems[0]) throw new ApiError(problems[0].code, `Report: ${problems[0].message}`);
  const { filter, problems: filterProblems } = readFilter(jsonParam(call, 'filter'));
  if (filterProblems[0]) throw new ApiError(filterProblems[0].code, `Filter: ${filterProblems[0].message}`);
  checkFilterLimits(filter);

  checkCount(
    definition.groups.length + definition.aggregations.length,
    LIMITS.reportDimensions,
    'The number of report groups and aggregations',
  );
  const readers = access.entitiesWith(t, 'read');
  if (readers.length === 0)
    throw new ApiError('42501', `You may not read ${t.name} objects, so you cannot report on them.`);

  const params = new SqlParams();
  const where = [`NOT deleted`, `path && ${params.add(readers.map(String), 'int8[]')}`];
  // Order and count of a filter do not apply to a report: it aggregates every matching row.
  where.push(filterToSql({ ...filter, order: null, count: null }, t, access, params).where);

  const groups = [
    ...definition.groups.filter((g) => g.orientation === 'vertical'),
    ...definition.groups.filter((g) => g.orientation === 'horizontal'),
  ];
  const groupSql = groups.map((g) => {
    const a = resolveReadableAttribute(t, access, g.attribute);
    const readable = readableWhere(a, t, access, params);
    if (readable) where.push(readable);
    if (g.dateTrunc && a.dataType !== 'timestamp')
      throw new ApiError('22023', `DATE_TRUNC:${g.dateTrunc} groups a timestamp; ${a.name} is not one.`);
    return g.dateTrunc ? `date_trunc('${g.dateTrunc.toLowerCase()}', ${columnSql(a)})` : columnSql(a);
  });
  const aggregateSql = definition.aggregations.map((agg) => {
    const a = resolveReadableAttribute(t, access, agg.attribute);
    const readable = readableWhere(a, t, access, params);
    if (readable) where.push(readable);
    if (agg.function !== 'COUNT' && !NUMERIC_TYPES.has(a.dataType))
      throw new ApiError(
        '22023',
        `${agg.function} needs a numeric attribute; ${a.name} is not one (COUNT works on any attribute).`,
      );
    return `${agg.function}(${columnSql(a)})`;
  });

  const select = [...groupSql.map((g, k) => `${g} AS g${k}`), ...aggregateSql.map((a, k) => `${a} AS a${k}`)];
  const groupBy = groupSql.length ? ` GROUP BY ${groupSql.map((_, k) => k + 1).join(', ')}` : '';
  const rows = await ctx.db.query(
    `SELECT ${select.join(', ')} FROM ${tableName(t)} WHERE ${where.join(' AND ')}${groupBy}`,
    params.values,
  );

  const axisValues = groups.map((_, k) => sortedDistinct(rows.map((r) => r[`g${k}`] as JsonValue)));
  const indexes = axisValues.map((values) => new Map(values.map((v, i) => [keyOf(v), i])));
  const data: JsonObject[] = [];
  for (const row of rows) {
    const coordinates = groups.map((_, k) => indexes[k]!.get(keyOf(row[`g${k}`] as JsonValue))!);
    definition.aggregations.forEach((_, k) => {
      const value = row[`a${k}`];
      data.push({
        Coordinates: [...coordinates, k],
        Value: typeof value === 'bigint' ? Number(value) : ((value as JsonValue) ?? null),
      });
    });
  }
  data.sort((x, y) => compareCoordinates(x.Coordinates as number[], y.Coordinates as number[]));
  const axis: JsonObject[] = groups.map((g, k) => ({
    Dimension: k,
    Attributes: axisValues[k]!.map((v) => ({ Key: g.attribute, Value: v, Privileges: '' })),
  }));
  axis.push({
    Dimension: groups.length,
    Attributes: definition.aggregations.map((a) => ({ Key: a.attribute, Value: a.function, Privileges: '' })),
  });
  return { Axis: axis, Data: data };
}

function keyOf(v: JsonValue): string {
  return v === null ? '\0null' : typeof v + ':' + String(v);
}

/** Distinct group values in ascending order, null last (as ORDER BY … NULLS LAST). */
function sortedDistinct(values: JsonValue[]): JsonValue[] {
  const unique = new Map<string, JsonValue>();
  for (const v of values) unique.set(keyOf(v), v);
  return [...unique.values()].sort((a, b) => {
    if (a === null) return b === null ? 0 : 1;
    if (b === null) return -1;
    if (typeof a === 'string' || typeof b === 'string')
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
    return (a as number | bigint) < (b as number | bigint)
      ? -1
      : (a as number | bigint) > (b as number | bigint)
        ? 1
        : 0;
  });
}

function compareCoordinates(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
