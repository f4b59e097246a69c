// The SQL a filter means, as the documentation translates it, for people to read (hovers, docs):
// values are shown quoted, never executed. The emulator compiles filters separately, to
// parameterised SQL (src/emulator/filterSql.ts).
import { CONDITION_TYPES, splitList, splitRange, type Condition, type ConditionList, type Filter } from './filter';

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** One condition: "imsi ~* '^2620'". */
export function conditionSql(condition: Condition): string {
  const a = condition.attribute;
  const v = condition.value ?? '';
  switch (condition.type) {
    case 5:
      return `${a} IS NULL`;
    case 6:
      return `${a} IS NOT NULL`;
    case 7:
      return `${a} IN (${splitList(v).map(quote).join(', ')})`;
    case 8: {
      const [low, high] = splitRange(v);
      return `${a} BETWEEN ${quote(low)} AND ${quote(high)}`;
    }
    default:
      return `${a} ${CONDITION_TYPES[condition.type].sql.replace(/^a /, '').replace(/'v'$/, quote(v))}`;
  }
}

/** A list of conditions and nested lists, joined, nested lists in parentheses. */
export function listSql(list: ConditionList): string {
  const parts = [...list.conditions.map(conditionSql), ...list.lists.map((l) => `(${listSql(l)})`)];
  return parts.join(` ${list.join} `);
}

/** The whole filter: "WHERE … ORDER BY … NULLS LAST LIMIT … OFFSET …". */
export function filterSql(filter: Filter): string {
  const parts: string[] = [];
  const where = filter.constraints ? listSql(filter.constraints) : '';
  if (where) parts.push(`WHERE (${where})`);
  parts.push(
    filter.order ? `ORDER BY ${filter.order.attribute} ${filter.order.direction} NULLS LAST` : 'ORDER BY id ASC',
  );
  if (filter.count)
    parts.push(`${filter.count.count === null ? '' : `LIMIT ${filter.count.count} `}OFFSET ${filter.count.offset}`);
  return parts.join(' ');
}
