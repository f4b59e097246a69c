// `npm run emulator -- [options]`: the Vensoft API emulator as a command.

import { DEMO_ACCOUNTS_TEXT } from '../core/demoAccounts';
import { parseSeed, type SeedName } from './seed';
import { defaultDataDir } from './template';
import { startEmulator, type EmulatorOptions } from './emulator';

const USAGE = `Usage: npm run emulator -- [options]

  --port N              port to listen on (default 8787; 0 picks a free one)
  --host H              address to bind (default 127.0.0.1)
  --data DIR            keep the data in DIR (default: a folder per seed in your cache folder)
  --memory              keep nothing: the data lives in a temporary folder removed on exit
  --seed S              demo (default), empty, or large:N (N sales, for benchmarks)
  --database-url URL    use a PostgreSQL server (postgres://…) instead of embedded PGlite
  --session-ttl S       seconds an idle session lives (default 3600)
  --query-deadline MS   milliseconds a query may run before it is cancelled (57014; default 10000)
  --no-read-replica     PGlite: no read replica; reads wait while a slow query runs
  --reset               replace existing data with fresh seed data
  --log-requests        print one line per request (never keys or passwords)
  --help                show this help`;

function parseArgs(argv: string[]): EmulatorOptions {
  let seedName: SeedName = 'demo';
  let dataDir: string | null | undefined;
  const options: Partial<EmulatorOptions> = {};
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value.\n\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const take = () => inline ?? value(i++, flag);
    switch (flag) {
      case '--port': {
        const port = Number(take());
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new Error('--port must be a number from 0 to 65535.');
        options.port = port;
        break;
      }
      case '--host':
        options.host = take();
        break;
      case '--data':
        dataDir = take();
        break;
      case '--memory':
        dataDir = null;
        break;
      case '--seed':
        seedName = parseSeed(take());
        break;
      case '--database-url':
        options.databaseUrl = take();
        break;
      case '--session-ttl': {
        const ttl = Number(take());
        if (!Number.isInteger(ttl) || ttl < 1) throw new Error('--session-ttl must be a whole number of seconds ≥ 1.');
        options.sessionTtlSeconds = ttl;
        break;
      }
      case '--query-deadline': {
        const ms = Number(take());
        if (!Number.isInteger(ms) || ms < 1)
          throw new Error('--query-deadline must be a whole number of milliseconds ≥ 1.');
        options.queryDeadlineMs = ms;
        break;
      }
      case '--no-read-replica':
        options.readReplica = false;
        break;
      case '--reset':
        options.reset = true;
        break;
      case '--log-requests':
        options.onRequest = (e) =>
          console.log(`${e.method} ${e.path} ${e.status}${e.code ? ` ${e.code}` : ''} ${e.ms.toFixed(1)} ms`);
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${arg}.\n\n${USAGE}`);
    }
  }
  return { ...options, seed: seedName, dataDir: dataDir === undefined ? defaultDataDir(seedName) : dataDir };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const emulator = await startEmulator({ ...options, log: (m) => console.log(m) });
  // The handlers come before the "listening" line: whoever reads that line may signal at once
  // (stdout to a pipe is synchronous), and a signal before its handler kills the process.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: shutting down…`);
    emulator.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const where = options.databaseUrl
    ? 'PostgreSQL'
    : options.dataDir
      ? `PGlite in ${options.dataDir}`
      : 'PGlite in memory';
  console.log(`Data: ${where}, seed ${options.seed}.`);
  console.log(`Accounts: ${DEMO_ACCOUNTS_TEXT}.`);
  console.log(`Vensoft emulator listening on ${emulator.url}`);
}

main().catch((e: Error) => {
  console.error(`vensoft emulator: ${e.message}`);
  process.exit(1);
});
