// Assembles a running emulator: the store (PGlite or PostgreSQL), schema and seed, the HTTP server.

import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { Catalog } from './catalog';
import type { Database } from './database';
import { AccessControl } from './access';
import { SessionStore } from './sessions';
import { lockDataDir, type DataDirLock } from './dataDirLock';
import { createSchema, readMeta, schemaVersion, templateVersion } from './schema';
import { seed, seedFingerprint, type SeedName } from './seed';
import { createServer, serverUrl, type RequestLogEntry } from './server';
import { readTemplate, writeTemplate } from './template';
import { openPglite, type PgliteDatabase } from './pgliteDatabase';
import { openPostgres } from './postgresDatabase';
import type { Context } from './context';

export const DEFAULT_SCHEMA = 'vensoft_emulator';
export const DEFAULT_SESSION_TTL_SECONDS = 3600;
export const DEFAULT_QUERY_DEADLINE_MS = 10_000;
/** Sessions opened with a DeviceToken live longer (documented), here 30 days. */
export const DEVICE_SESSION_TTL_SECONDS = 30 * 86_400;

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** Where PGlite keeps its data; null keeps it in memory. Ignored with databaseUrl. */
  dataDir: string | null;
  /** postgres://… to use a PostgreSQL server instead of PGlite. */
  databaseUrl?: string;
  /** The database schema the emulator's tables live in (default vensoft_emulator). */
  schema?: string;
  maxBodyBytes?: number;
  /** Milliseconds any one query may run before it is cancelled (57014); default 10 s. */
  queryDeadlineMs?: number;
  /** PGlite: serve reads from a copy while the one connection is busy, once a slow query held one up (default true). */
  readReplica?: boolean;
  seed: SeedName;
  sessionTtlSeconds?: number;
  /** Replace existing data that an older emulator made (or any data, with a new seed). */
  reset?: boolean;
  onRequest?: (entry: RequestLogEntry) => void;
  log?: (message: string) => void;
}

export interface RunningEmulator {
  url: string;
  port: number;
  engine: 'pglite' | 'postgres';
  db: Database;
  context: Context;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const log = options.log ?? (() => undefined);
  const catalog = new Catalog();
  const db = await openStore(options, catalog, log);
  try {
    const meta = await readMeta(db);
    const ttl = options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
    const context: Context = {
      db,
      catalog,
      acl: new AccessControl(db, catalog),
      sessions: new SessionStore(db, ttl, Math.max(ttl, DEVICE_SESSION_TTL_SECONDS)),
      anonymousUserId: BigInt(meta.anonymous_user_id!),
    };
    const host = options.host ?? '127.0.0.1';
    const server = createServer(context, {
      onRequest: options.onRequest,
      maxBodyBytes: options.maxBodyBytes,
      loopbackOnly: isLoopback(host),
    });
    await listen(server, options.port ?? 8787, host);
    const url = serverUrl(server, host);
    return {
      url,
      port: Number(new URL(url).port),
      engine: db.engine,
      db,
      context,
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await db.close();
      },
    };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}

function queryDeadline(options: EmulatorOptions): number {
  return options.queryDeadlineMs ?? DEFAULT_QUERY_DEADLINE_MS;
}

function isLoopback(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|::1)$/i.test(host);
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} on ${host} is in use: is another emulator running? Stop it, or start with --port 0 (any free port) or another --port.`,
            )
          : e,
      );
    });
    server.listen(port, host, () => resolve());
  });
}

async function openStore(options: EmulatorOptions, catalog: Catalog, log: (m: string) => void): Promise<Database> {
  const version = schemaVersion(catalog);
  // PGlite templates are dumped with the default schema; only a shared PostgreSQL server needs others.
  const schema = options.databaseUrl ? (options.schema ?? DEFAULT_SCHEMA) : DEFAULT_SCHEMA;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`Schema name "${schema}" must be lower-case letters, digits and underscores.`);
  if (options.databaseUrl) {
    // Seeding runs without the deadline (large seeds take minutes); requests run with it.
    const seeding = await openPostgres(options.databaseUrl, schema);
    try {
      await prepare(seeding, catalog, options, version, schema, log, async () => {
        await seeding.exec(`DROP schema IF EXISTS ${schema} CASCADE; CREATE schema ${schema}`);
      });
    } finally {
      await seeding.close();
    }
    return openPostgres(options.databaseUrl, schema, queryDeadline(options));
  }

  const dir = options.dataDir;
  const lock = dir ? lockDataDir(dir) : undefined;
  try {
    const db = await openPgliteStore(dir, catalog, options, version, schema, log, lock);
    // Seeding ran without a deadline and without a replica; requests run with both.
    db.deadlineMs = queryDeadline(options);
    if (options.readReplica !== false) db.allowReadReplica();
    return db;
  } catch (e) {
    lock?.release();
    throw e;
  }
}

async function openPgliteStore(
  dir: string | null,
  catalog: Catalog,
  options: EmulatorOptions,
  version: string,
  schema: string,
  log: (m: string) => void,
  lock: DataDirLock | undefined,
): Promise<PgliteDatabase> {
  if (dir && options.reset) fs.rmSync(dir, { recursive: true, force: true });
  const existing = dir !== null && fs.existsSync(path.join(dir, 'PG_VERSION'));
  const templateKey = templateVersion(catalog, seedFingerprint());
  const template = existing ? undefined : readTemplate(templateKey, options.seed);
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const db = releaseOnClose(
    await openPglite({ dataDir: dir ?? undefined, loadDataDir: template, schema: schema }),
    lock,
  );
  if (existing) {
    const meta = await readMeta(db);
    if (meta.schema_version !== version) {
      await db.close();
      throw new Error(
        `The data in ${dir} was made by a different emulator version (schema ${meta.schema_version ?? 'none'}, this one ${version}). ` +
          'Start with --reset to replace it with fresh seed data, or choose another --data directory.',
      );
    }
    log(`Using the data in ${dir} (seed ${meta.seed}).`);
    return db;
  }
  if (template) {
    log(`Started from the prepared ${options.seed} template.`);
    return db;
  }
  log(`Preparing the ${options.seed} data once (later starts reuse it)…`);
  await db.exec(`CREATE schema IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  await seedInto(db, catalog, options.seed);
  await writeTemplate(templateKey, options.seed, await db.dump());
  return db;
}

/** A PostgreSQL database is seeded on first use and checked on every later start. */
async function prepare(
  db: Database,
  catalog: Catalog,
  options: EmulatorOptions,
  version: string,
  schema: string,
  log: (m: string) => void,
  reset: () => Promise<void>,
): Promise<void> {
  let meta = await readMeta(db);
  if (options.reset && meta.schema_version) {
    log(`Resetting schema ${schema}…`);
    await reset();
    meta = {};
  }
  if (!meta.schema_version) {
    log(`Seeding ${options.seed} data into schema ${schema}…`);
    await db.exec(`CREATE schema IF NOT EXISTS ${schema}`);
    await seedInto(db, catalog, options.seed);
    return;
  }
  if (meta.schema_version !== version) {
    throw new Error(
      `Schema ${schema} in that database was made by a different emulator version (${meta.schema_version}, this one ${version}). Start with --reset to replace it.`,
    );
  }
  log(`Using the data in schema ${schema} (seed ${meta.seed}).`);
}

async function seedInto(db: Database, catalog: Catalog, seedName: SeedName): Promise<void> {
  await createSchema(db, catalog);
  const { anonymousUserId } = await seed(db, catalog, seedName);
  await db.query(
    `INSERT INTO vs_meta (key, value) VALUES ('seed', $1), ('anonymous_user_id', $2), ('seeded_at', now()::text)`,
    [seedName, anonymousUserId.toString()],
  );
}

/** The data directory stays locked until the store is closed. */
function releaseOnClose<T extends Database>(db: T, lock: DataDirLock | undefined): T {
  if (!lock) return db;
  const close = db.close.bind(db);
  db.close = async () => {
    try {
      await close();
    } finally {
      lock.release();
    }
  };
  return db;
}
