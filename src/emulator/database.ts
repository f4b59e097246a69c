// One SQL interface over two engines: PGlite (embedded PostgreSQL in WASM, the default) and a real
// PostgreSQL server through `pg`. The emulator's SQL is the same for both.
//
// Value conventions on the way out: int8 → bigint (ids must never become JS numbers),
// numeric → number (prices and sums; exact enough and what any JSON reader gets),
// timestamptz → ISO 8601 text in UTC.

export type Row = Record<string, unknown>;

export interface Database {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Several independent queries (a list's page and counts), answered in order: on PostgreSQL each
   * on a connection of the pool at once, on PGlite one after another in a single worker operation.
   */
  queryMany(queries: { sql: string; params?: unknown[] }[]): Promise<Row[][]>;
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly engine: 'pglite' | 'postgres';
}

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

const INT8 = 20;
const NUMERIC = 1700;
const TIMESTAMPTZ = 1184;

export const parseInt8 = (text: string): bigint => BigInt(text);
export const parseNumeric = (text: string): number | bigint => {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  return Number(text);
};
/** "2026-11-20 10:15:00.123+00" → "2026-11-20T10:15:00.123Z" (sessions run with TimeZone UTC). */
export const parseTimestamptz = (text: string): string => {
  if (text === 'infinity' || text === '-infinity') return text;
  return text.replace(' ', 'T').replace(/\+00(:00)?$/, 'Z');
};

export const TYPE_PARSERS: Record<number, (text: string) => unknown> = {
  [INT8]: parseInt8,
  [NUMERIC]: parseNumeric,
  [TIMESTAMPTZ]: parseTimestamptz,
};

const INT8_MAX = (1n << 63n) - 1n;

/**
 * Bigint params (ids) are sent as text, which both engines cast exactly. Ids from 2^63 to 2^64−1
 * are valid on the wire, but the store's int8 columns cannot hold them, so no stored object has
 * one: such an id is looked up as -1, an id no object has (P0002, not an out-of-range error).
 */
export function toParams(params: unknown[] | undefined): unknown[] | undefined {
  const text = (x: unknown) => (typeof x === 'bigint' ? (x > INT8_MAX ? '-1' : x.toString()) : x);
  return params?.map((p) => (Array.isArray(p) ? p.map(text) : text(p)));
}
