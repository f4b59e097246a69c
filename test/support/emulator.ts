// Starts a real emulator for a test suite: in-memory PGlite from the prepared template (or a real
// PostgreSQL server when VENSOFT_TEST_DATABASE_URL is set), on a free loopback port.

import { startEmulator as startEmulatorProcess, type RunningEmulator } from '../../src/emulator/emulator';
import type { SeedName } from '../../src/emulator/seed';

export interface TestEmulator {
  /** e.g. http://127.0.0.1:40123/stable/ */
  baseUrl: string;
  emulator: RunningEmulator;
  stop(): Promise<void>;
}

let started = 0;

export async function startEmulator(
  options: {
    seed?: SeedName;
    sessionTtlSeconds?: number;
    maxBodyBytes?: number;
    queryDeadlineMs?: number;
    readReplica?: boolean;
  } = {},
): Promise<TestEmulator> {
  const databaseUrl = process.env.VENSOFT_TEST_DATABASE_URL;
  // Each emulator on a shared PostgreSQL server gets a schema of its own, dropped when it stops.
  const schema = databaseUrl ? `vensoft_test_${process.pid}_${++started}` : undefined;
  const emulator = await startEmulatorProcess({
    port: 0,
    host: '127.0.0.1',
    dataDir: null,
    databaseUrl,
    schema,
    reset: databaseUrl !== undefined,
    maxBodyBytes: options.maxBodyBytes,
    seed: options.seed ?? 'demo',
    sessionTtlSeconds: options.sessionTtlSeconds,
    queryDeadlineMs: options.queryDeadlineMs,
    readReplica: options.readReplica,
  });
  const stop = async () => {
    if (schema) await emulator.db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await emulator.close();
  };
  return { baseUrl: emulator.url, emulator, stop };
}
