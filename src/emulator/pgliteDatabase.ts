import { PGlite, types } from '@electric-sql/pglite';
import { TYPE_PARSERS, toParams, type Database, type Queryable, type Row } from './database';

export interface PgliteOpenOptions {
  /** A directory to keep the data in; undefined keeps it in memory. */
  dataDir?: string;
  /** A gzipped data-dir dump to start from (skips initdb). */
  loadDataDir?: Blob;
  /** The schema the emulator's tables live in (set as search_path). */
  schema: string;
}

export async function openPglite(options: PgliteOpenOptions): Promise<PgliteDatabase> {
  const pg = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    parsers: { ...TYPE_PARSERS, [types.INT8]: TYPE_PARSERS[20]! },
  });
  await pg.exec(`SET TIME ZONE 'UTC'; SET search_path TO ${options.schema}`);
  return new PgliteDatabase(pg);
}

export class PgliteDatabase implements Database {
  readonly engine = 'pglite' as const;
  constructor(readonly pg: PGlite) {}

  async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    const result = await this.pg.query<T>(sql, toParams(params));
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    // PGlite has one connection; its transaction() holds it for the whole callback.
    return this.pg.transaction(async (tx) =>
      fn({ query: async <R extends Row>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, toParams(params))).rows }));
  }

  async dump(): Promise<Blob> {
    return (await this.pg.dumpDataDir('gzip')) as Blob;
  }

  async close(): Promise<void> {
    await this.pg.close();
  }
}
