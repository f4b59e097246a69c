// `npm run bench:emulator [-- --quick] [-- --baseline DIR]`: the emulator's speed on PGlite and
// PostgreSQL, for the demo data and for large:500000 (500,000 sales). Each emulator runs as its own
// process, as users run it; requests go over loopback HTTP. Prints a table of medians with the
// targets. `--baseline DIR` (repeatable) measures DIR's build too (a checkout with `node esbuild.mjs
// --emulator-only` run in it), each store right before this one: on a shared, noisy machine only a
// comparison measured in the same minutes says whether a change made the emulator slower.
//
// Targets (2-core machine): get ≥ 500 req/s and a filtered list page ≤ 50 ms on PGlite;
// a report over 500k sales ≤ 1.5 s.

import { median, timeMs } from './timing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { parseJson, type JsonObject } from '../src/core/json';

/** Every emulator runs with this deadline, so that the slow list below ends in a few seconds. */
const QUERY_DEADLINE_MS = 5_000;
/** Nested bounded repetitions: a regular expression that runs into the deadline on 50,000 sales. */
const SLOW_FILTER =
  '{"count":{"count":1},"constraints":{"conditions":[{"attribute":"price","type":9,"value":"(((a{1,10}){1,10}){1,10}){1,10}"}]}}';

interface Row {
  build: string;
  store: string;
  data: string;
  measure: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
}

/** Builds from before the query deadlines (a baseline) have no --query-deadline, and hang on the slow list. */
function hasDeadlines(script: string): boolean {
  return spawnSync(process.execPath, [script, '--help'], { encoding: 'utf8' }).stdout.includes('--query-deadline');
}

async function startEmulatorProcess(
  script: string,
  args: string[],
): Promise<{ url: string; child: ChildProcess; startMs: number }> {
  const started = performance.now();
  const deadline = hasDeadlines(script) ? ['--query-deadline', String(QUERY_DEADLINE_MS)] : [];
  const child = spawn(process.execPath, [script, '--port', '0', ...deadline, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child, startMs: performance.now() - started });
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function call(url: string, path: string, key: string | undefined, body?: string): Promise<JsonObject> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { ...(key ? { SessionKey: key } : {}), 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
  return parseJson(text) as JsonObject;
}

/** Requests per second of `fn` with `concurrency` requests in flight, `total` requests a run. */
async function throughput(fn: (i: number) => Promise<unknown>, total = 1500, concurrency = 4): Promise<number> {
  const rates: number[] = [];
  for (let run = 0; run < 3; run++) {
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) await fn(next++);
      }),
    );
    rates.push(total / ((performance.now() - t) / 1000));
  }
  return median(rates);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The longest of 5 gets by one session sent one after another while another session's list runs
 * into the deadline, in the first such episode of a fresh emulator (PGlite makes its read replica
 * then, from a copy of the busy primary's folder) and in the second (the replica is there, copied
 * again once writes, here the logins, have stopped).
 */
async function getDuringSlowList(url: string, key: string, slowKey: string, id: bigint): Promise<number[]> {
  const longest: number[] = [];
  for (let episode = 0; episode < 2; episode++) {
    const slow = call(url, 'list/sale/', slowKey, 'filter=' + encodeURIComponent(SLOW_FILTER)).then(
      () => undefined,
      () => undefined,
    );
    await sleep(300);
    let max = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await call(url, `get/machine/${id}/`, key);
      max = Math.max(max, performance.now() - t);
    }
    longest.push(max);
    await slow;
    await sleep(10_000); // the replica's copy and start, which take seconds on a loaded machine
  }
  return longest;
}

async function measure(
  build: string,
  script: string,
  store: string,
  data: string,
  url: string,
  startMs: number,
): Promise<Row[]> {
  const rows: Row[] = [];
  const add = (measure: string, value: number, unit: string, target?: string, met?: boolean) =>
    rows.push({ build, store, data, measure, value, unit, target, met });
  add('start (process to listening)', startMs, 'ms');
  const form = 'Username=demo%40vensoft.test&Password=demo';
  add('login', await timeMs(() => call(url, 'auth/login/', undefined, form)), 'ms');
  const key = (await call(url, 'auth/login/', undefined, form)).SessionKey as string;
  const machines = (await call(url, 'list/machine/', key, 'filter=' + encodeURIComponent('{"count":{"count":200}}')))
    .transfer_objects as JsonObject[];
  const ids = machines.map((m) => m.id as bigint);
  const getRate = await throughput((i) => call(url, `get/machine/${ids[i % ids.length]}/`, key));
  add(
    'get machine',
    getRate,
    'req/s',
    store === 'PGlite' ? '≥ 500' : undefined,
    store === 'PGlite' ? getRate >= 500 : undefined,
  );
  add(
    'list sale, page of 30',
    await timeMs(() =>
      call(url, 'list/sale/', key, 'filter=' + encodeURIComponent('{"count":{"count":30,"offset":0}}')),
    ),
    'ms',
  );
  const filtered = await timeMs(() =>
    call(
      url,
      'list/sim/',
      key,
      'filter=' +
        encodeURIComponent(
          '{"order":{"attribute":"msisdn","direction":"ASC"},"count":{"count":30,"offset":0},"constraints":{"join":"AND","conditions":[{"attribute":"msisdn","type":9,"value":"^49151[0-4]"}]}}',
        ),
    ),
  );
  add(
    'list sim, type-9 filter, page of 30',
    filtered,
    'ms',
    store === 'PGlite' ? '≤ 50' : undefined,
    store === 'PGlite' ? filtered <= 50 : undefined,
  );
  const saleFiltered = await timeMs(() =>
    call(
      url,
      'list/sale/',
      key,
      'filter=' +
        encodeURIComponent(
          '{"order":{"attribute":"tstamp","direction":"DESC"},"count":{"count":30,"offset":0},"constraints":{"join":"AND","conditions":[{"attribute":"choice","type":9,"value":"^[12]$"}]}}',
        ),
    ),
  );
  add('list sale, type-9 filter + order, page of 30', saleFiltered, 'ms');
  const report = await timeMs(
    () =>
      call(
        url,
        'report/sale/',
        key,
        'report=' +
          encodeURIComponent(
            '{"Aggregation":[{"Function":"SUM","Attribute":"Price"},{"Function":"COUNT","Attribute":"Price"}],"Group":[{"Function":"DATE_TRUNC:DAY","Attribute":"tstamp","Orientation":"vertical"},{"Function":null,"Attribute":"SaleStatusId","Orientation":"horizontal"}]}',
          ),
      ),
    3,
  );
  const big = data.startsWith('large');
  add(
    'report: sum+count of price per day × status',
    report,
    'ms',
    big ? '≤ 1500' : undefined,
    big ? report <= 1500 : undefined,
  );
  if (!hasDeadlines(script)) return rows;
  const slowKey = (await call(url, 'auth/login/', undefined, form)).SessionKey as string;
  const [first, second] = await getDuringSlowList(url, key, slowKey, ids[0]!);
  const during = `longest get while another session's list runs into the ${QUERY_DEADLINE_MS / 1000} s deadline`;
  add(`${during}: first time`, first!, 'ms');
  add(`${during}: second time`, second!, 'ms');
  return rows;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const datasets = quick ? ['demo'] : ['demo', 'large:500000'];
  // Each --baseline DIR is a column of its own, named by the folder.
  const baselines = process.argv.flatMap((arg, i) =>
    arg === '--baseline' && process.argv[i + 1] ? [process.argv[i + 1]!] : [],
  );
  const builds: [string, string][] = [
    ...baselines.map((dir) => [path.basename(dir), path.join(dir, 'dist', 'emulator.js')] as [string, string]),
    ['this', 'dist/emulator.js'],
  ];
  const { startThrowawayPostgres } = (await import('../scripts/postgres.mjs' as string)) as {
    startThrowawayPostgres: () => Promise<{ url: string; stop: () => void }>;
  };
  const pg = await startThrowawayPostgres();
  const rows: Row[] = [];
  try {
    for (const data of datasets) {
      for (const store of ['PGlite', 'PostgreSQL']) {
        process.stderr.write(`… ${store}, ${data}\n`);
        // Prepare once (seed, or build the PGlite template), then measure a warm start.
        const prepare =
          store === 'PGlite' ? ['--memory', '--seed', data] : ['--database-url', pg.url, '--seed', data, '--reset'];
        const warm = store === 'PGlite' ? prepare : ['--database-url', pg.url, '--seed', data];
        for (const [build, script] of builds) {
          await stop((await startEmulatorProcess(script, prepare)).child);
          const { url, child, startMs } = await startEmulatorProcess(script, warm);
          try {
            rows.push(...(await measure(build, script, store, data, url, startMs)));
          } finally {
            await stop(child);
          }
        }
      }
    }
  } finally {
    pg.stop();
  }
  printTable(
    rows,
    datasets,
    builds.map(([b]) => b),
  );
  if (rows.some((r) => r.met === false && r.build === 'this')) process.exitCode = 1;
}

function printTable(rows: Row[], datasets: string[], builds: string[]): void {
  const measures = [...new Set(rows.map((r) => r.measure))];
  const columns = datasets.flatMap((d) => ['PGlite', 'PostgreSQL'].flatMap((s) => builds.map((b) => ({ d, s, b }))));
  const header = ['measure', ...columns.map(({ d, s, b }) => `${s} ${d}${b === 'this' ? '' : ` (${b})`}`), 'target'];
  const lines = [header, header.map(() => '---')];
  for (const m of measures) {
    const cells = columns.map(({ d, s, b }) => {
      const r = rows.find((x) => x.measure === m && x.data === d && x.store === s && x.build === b);
      if (!r) return '';
      const v =
        r.unit === 'req/s'
          ? Math.round(r.value).toString()
          : r.value < 10
            ? r.value.toFixed(1)
            : Math.round(r.value).toString();
      return `${v} ${r.unit}${r.met === undefined ? '' : r.met ? ' ✔' : ' ✖'}`;
    });
    const target = rows.find((x) => x.measure === m && x.target)?.target ?? '';
    lines.push([m, ...cells, target]);
  }
  console.log(
    `\nVensoft emulator benchmark (medians; node ${process.version}; ${new Date().toISOString().slice(0, 10)})\n`,
  );
  for (const l of lines) console.log(`| ${l.join(' | ')} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
