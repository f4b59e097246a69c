// A report file (`<type>.vensoft-report.json`) holds the Report and, optionally, the Filter sent
// with it: {"Aggregation": […], "Group": […], "Filter": {…}}. The report view's builder edits a
// draft of it; applying a draft changes only what the builder shows and keeps everything else
// (the filter's order and count, nested condition lists, values' JSON types) as it was.
import { isJsonObject, type JsonObject, type JsonValue } from '../../../core/json';

const FILTER_KEY = /^filter$/i;

/** The Report and the Filter of a report file's JSON; `filterKey` is the key as spelt. */
export function splitReportFile(json: JsonValue): {
  report: JsonValue;
  filter: JsonValue | undefined;
  filterKey: string;
} {
  if (!isJsonObject(json)) return { report: json, filter: undefined, filterKey: 'Filter' };
  const report: JsonObject = {};
  let filter: JsonValue | undefined;
  let filterKey = 'Filter';
  for (const [k, v] of Object.entries(json)) {
    if (FILTER_KEY.test(k)) {
      filter = v;
      filterKey = k;
    } else report[k] = v;
  }
  return { report, filter, filterKey };
}

export interface DraftCondition {
  attribute: string;
  type: number;
  /** The value as the user types it; null for none. */
  value: string | null;
  /** The value was a JSON number (an id, say): it is written back as one, digit-exact. */
  numeric: boolean;
}

export interface ReportDraft {
  aggregations: Array<{ function: string; attribute: string }>;
  groups: Array<{ function: string | null; attribute: string; orientation: 'vertical' | 'horizontal' }>;
  filter: { join: 'AND' | 'OR'; conditions: DraftCondition[]; nestedLists: number };
}

const get = (obj: JsonValue | undefined, key: string): JsonValue | undefined => {
  if (!isJsonObject(obj)) return undefined;
  const found = Object.keys(obj).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : obj[found];
};
const text = (v: JsonValue | undefined) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const items = (v: JsonValue | undefined) => (Array.isArray(v) ? v : []);

/** What the builder shows of a report file's JSON (leniently: half-typed files still show). */
export function draftOf(json: JsonValue): ReportDraft {
  const { report, filter } = splitReportFile(json);
  const constraints = get(filter, 'constraints');
  return {
    aggregations: items(get(report, 'Aggregation')).map((a) => ({
      function: text(get(a, 'Function')).toUpperCase() || 'SUM',
      attribute: text(get(a, 'Attribute')),
    })),
    groups: items(get(report, 'Group')).map((g) => {
      const fn = get(g, 'Function');
      return {
        function: typeof fn === 'string' && fn !== '' ? fn : null,
        attribute: text(get(g, 'Attribute')),
        orientation:
          text(get(g, 'Orientation')).toLowerCase() === 'horizontal' ? ('horizontal' as const) : ('vertical' as const),
      };
    }),
    filter: {
      join: text(get(constraints, 'join')).toUpperCase() === 'OR' ? 'OR' : 'AND',
      conditions: items(get(constraints, 'conditions')).map((c) => {
        const value = get(c, 'value');
        const type = get(c, 'type');
        return {
          attribute: text(get(c, 'attribute')),
          type: typeof type === 'number' ? type : Number(text(type)) || 1,
          value: value === null || value === undefined ? null : text(value),
          numeric: typeof value === 'number' || typeof value === 'bigint',
        };
      }),
      nestedLists: items(get(constraints, 'lists')).length,
    },
  };
}

/** A condition's value back as JSON: numbers stay numbers (bigint beyond 2^53), text stays text. */
function conditionValue(c: DraftCondition): JsonValue {
  if (c.value === null) return null;
  const v = c.value.trim();
  if (c.numeric && /^-?\d+$/.test(v)) {
    const n = BigInt(v);
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }
  if (c.numeric && v !== '' && Number.isFinite(Number(v))) return Number(v);
  return c.value;
}

/** Replaces `key` (matched case-insensitively) in an object, keeping its spelling and place. */
function put(obj: JsonObject, key: string, value: JsonValue): JsonObject {
  const found = Object.keys(obj).find((k) => k.toLowerCase() === key.toLowerCase());
  return { ...obj, [found ?? key]: value };
}

/** The report file's JSON with the draft applied. An empty filter (no conditions) is left out. */
export function applyDraft(json: JsonValue, draft: ReportDraft): JsonObject {
  const { report, filter, filterKey } = splitReportFile(json);
  let out: JsonObject = isJsonObject(report) ? report : {};
  out = put(
    out,
    'Aggregation',
    draft.aggregations.map((a) => ({ Function: a.function, Attribute: a.attribute })),
  );
  out = put(
    out,
    'Group',
    draft.groups.map((g) => ({ Function: g.function, Attribute: g.attribute, Orientation: g.orientation })),
  );
  const oldFilter: JsonObject = isJsonObject(filter) ? filter : {};
  const oldConstraints = get(oldFilter, 'constraints');
  const lists = items(get(oldConstraints, 'lists'));
  const keepFilter =
    draft.filter.conditions.length > 0 ||
    lists.length > 0 ||
    Object.keys(oldFilter).some((k) => !/^constraints$/i.test(k) && oldFilter[k] !== null);
  if (!keepFilter) return out;
  const conditions = draft.filter.conditions.map((c) => ({
    attribute: c.attribute,
    type: c.type,
    value: conditionValue(c),
  }));
  const constraints = put(
    put(put(isJsonObject(oldConstraints) ? oldConstraints : {}, 'join', draft.filter.join), 'conditions', conditions),
    'lists',
    lists,
  );
  return { ...out, [filterKey]: put(oldFilter, 'constraints', constraints) };
}
