import pg from 'pg';
import { TYPE_PARSERS, toParams, type Database, type Queryable, type Row } from './database';
import { queryCanceled } from './errors';

const typeParsers = {
  getTypeParser: ((oid: number, format?: string) =>
    TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * A real PostgreSQL server (--database-url). With `deadlineMs`, the server cancels any statement
 * that runs longer (statement_timeout), and the request answers 57014.
 */
export async function openPostgres(url: string, schema: string, deadlineMs?: number): Promise<PostgresDatabase> {
  const timeout = deadlineMs === undefined ? '' : ` -c statement_timeout=${Math.round(deadlineMs)}`;
  const pool = new pg.Pool({
    connectionString: url,
    max: 8,
    types: typeParsers,
    options: `-c TimeZone=UTC -c search_path=${schema}${timeout}`,
  });
  // Fail at start-up, with the server's message, rather than on the first request.
  const client = await pool.connect();
  client.release();
  return new PostgresDatabase(pool, deadlineMs);
}

export class PostgresDatabase implements Database {
  readonly engine = 'postgres' as const;
  constructor(
    private readonly pool: pg.Pool,
    private readonly deadlineMs?: number,
  ) {}

  async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.withDeadline(this.pool.query(sql, toParams(params)))).rows as T[];
  }

  queryMany(queries: { sql: string; params?: unknown[] }[]): Promise<Row[][]> {
    return Promise.all(queries.map((q) => this.query(q.sql, q.params)));
  }

  /** A statement cancelled by statement_timeout answers 57014 naming the deadline. */
  private async withDeadline<T>(pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (e) {
      throw (e as { code?: string }).code === '57014' ? queryCanceled(this.deadlineMs) : e;
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({
        query: async <R extends Row>(sql: string, params?: unknown[]) =>
          (await this.withDeadline(client.query(sql, toParams(params)))).rows as R[],
      });
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
