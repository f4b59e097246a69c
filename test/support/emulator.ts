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

export async function startEmulator(options: { seed?: SeedName; sessionTtlSeconds?: number } = {}): Promise<TestEmulator> {
  const databaseUrl = process.env.VENSOFT_TEST_DATABASE_URL;
  const emulator = await startEmulatorProcess({
    port: 0,
    host: '127.0.0.1',
    dataDir: null,
    databaseUrl,
    // A PostgreSQL database is shared by suites: start each from fresh seed data.
    reset: databaseUrl !== undefined,
    seed: options.seed ?? 'demo',
    sessionTtlSeconds: options.sessionTtlSeconds,
  });
  return { baseUrl: emulator.url, emulator, stop: () => emulator.close() };
}
