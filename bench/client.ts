// `npm run bench:client`: what the client's safety costs.
//  1. Lossless parsing and validation of a 5 MB list response, next to plain JSON.parse of the same
//     bytes (which would round the ids). Target ≤ 3×.
//  2. Requests/s of `get` through the client against the emulator, next to a bare undici loop
//     sending the same request. Target: client overhead ≤ 10 %.
//  3. The same `get` with the request history recording every exchange (HistoryStore, batched writes
//     to a temporary folder), interleaved round for round with the client alone in the same run
//     (BENCH_ROUNDS rounds of 500 gets, default 30): throughput and CPU time per request; and the
//     recording's parts alone. Target: ≤ 2 % of throughput.

import { median } from './timing';
import { Agent, request } from 'undici';
import { parseJson, stringifyJson } from '../src/core/json';
import { listResultSchema } from '../src/api/wireSchemas';
import { VensoftClient, type Exchange } from '../src/api';
import { startEmulator } from '../test/support/emulator';
import { HistoryStore } from '../src/history/historyStore';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

function listResponse(objects: number): string {
  const transfer = Array.from({ length: objects }, (_, i) => ({
    id: 125609740326667984n + BigInt(i * 7919),
    type_id: 122981964696257802n,
    definition: {
      imsi: `2140743000${String(i).padStart(5, '0')}`,
      iccid: `89340711002893${String(i).padStart(5, '0')}`,
      owner: 112712829290677262n,
      msisdn: `3459010${String(i).padStart(8, '0')}`,
      parent_id: 112728507255096337n,
    },
    permissions: ['update', 'undelete', 'read', 'delete', 'set privilege'].map((name) => ({ name, permitted: true })),
    attribute_permissions: ['msisdn', 'imsi', 'iccid'].map((name) => ({ name, can_read: true, can_update: true })),
  }));
  return stringifyJson({
    filtered_record_count: objects,
    limited_record_count: objects,
    total_record_count: objects,
    transfer_objects: transfer,
  });
}

function time(fn: () => unknown, runs = 9): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function rate(fn: (i: number) => Promise<unknown>, total = 2000, concurrency = 4, runs = 5): Promise<number> {
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
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

async function main(): Promise<void> {
  const startLoad = loadAverage();
  const rows: string[][] = [];
  let text = listResponse(10_000);
  // Grow to about 5 MB.
  const objects = Math.round((10_000 * (5 * 1024 * 1024)) / Buffer.byteLength(text));
  text = listResponse(objects);
  const plain = time(() => JSON.parse(text));
  const lossless = time(() => parseJson(text));
  const validated = time(() => listResultSchema.parse(parseJson(text)));
  const ratio = validated / plain;
  rows.push([
    `JSON.parse, ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MB list (${objects} objects; rounds ids)`,
    `${plain.toFixed(0)} ms`,
    '',
  ]);
  rows.push(['lossless parseJson', `${lossless.toFixed(0)} ms (${(lossless / plain).toFixed(2)}×)`, '']);
  rows.push([
    'lossless parse + zod validation',
    `${validated.toFixed(0)} ms (${ratio.toFixed(2)}×)`,
    `≤ 3× ${ratio <= 3 ? '✔' : '✖'}`,
  ]);

  const emu = await startEmulator();
  try {
    const client = new VensoftClient({ baseUrl: emu.baseUrl });
    const key = await client.login('demo@vensoft.test', 'demo');
    const ids = (await client.list('machine', { count: { count: 200 } })).transfer_objects.map((o) => o.id);
    const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
    const bare = async (i: number) => {
      const res = await request(`${emu.baseUrl}get/machine/${ids[i % ids.length]}/`, {
        method: 'POST',
        headers: { SessionKey: key },
        dispatcher: agent,
      });
      await res.body.text();
    };
    const viaClient = (i: number) => client.get('machine', ids[i % ids.length]!);
    // Interleave to share the machine's mood fairly.
    await rate(bare, 300);
    await rate(viaClient, 300);
    const bareRate = await rate(bare);
    const clientRate = await rate(viaClient);
    const overhead = (bareRate - clientRate) / bareRate;
    rows.push(['get machine, bare undici loop', `${bareRate.toFixed(0)} req/s`, '']);
    rows.push([
      'get machine, through VensoftClient',
      `${clientRate.toFixed(0)} req/s (overhead ${(overhead * 100).toFixed(1)} %)`,
      `≤ 10 % ${overhead <= 0.1 ? '✔' : '✖'}`,
    ]);
    rows.push(...(await recordingOverhead(emu.baseUrl, key, ids)));
    await client.close();
    await agent.close();
  } finally {
    await emu.stop();
  }
  console.log(
    `\nVensoft client benchmark (medians; node ${process.version}; ${new Date().toISOString().slice(0, 16)}; ` +
      `load average ${startLoad} at the start, ${loadAverage()} at the end)\n`,
  );
  console.log('| measure | result | target |');
  console.log('| --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

/**
 * The client alone and the client recording into the history, in the same run: rounds of 500 gets
 * each, the order flipped every round (ABBA), so that both share the machine's mood. Then the
 * recording's two parts alone: the hand-over on the request's path, and the batch (build, redact,
 * write) per entry.
 */
async function recordingOverhead(baseUrl: string, sessionKey: string, ids: bigint[]): Promise<string[][]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vensoft-bench-history-'));
  const store = new HistoryStore(dir, () => ({ maxEntries: 500, maxResponseBytes: 100_000 }), console.warn);
  const plain = new VensoftClient({ baseUrl, sessionKey });
  const recording = new VensoftClient({ baseUrl, sessionKey, onExchange: (x) => store.record('bench', x) });
  const get = (client: VensoftClient) => (i: number) => client.get('machine', ids[i % ids.length]!);
  await rate(get(plain), 300, 4, 1);
  await rate(get(recording), 300, 4, 1);
  const plainRates: number[] = [];
  const recordingRates: number[] = [];
  const overheads: number[] = [];
  const cpuOverheads: number[] = [];
  const plainCpu: number[] = [];
  // A round's rate, and the CPU time this process (client and emulator, all threads) spent per request:
  // the CPU share is less at the mercy of the other engineers' load than the wall clock.
  const measure = async (client: VensoftClient) => {
    const cpu = process.cpuUsage();
    const perSecond = await rate(get(client), ROUND_REQUESTS, 4, 1);
    const used = process.cpuUsage(cpu);
    return { perSecond, cpuPerRequest: (used.user + used.system) / ROUND_REQUESTS };
  };
  for (let round = 0; round < ROUNDS; round++) {
    const first = round % 2 === 0;
    const a = first ? await measure(plain) : undefined;
    const withHistory = await measure(recording);
    const without = a ?? (await measure(plain));
    plainRates.push(without.perSecond);
    recordingRates.push(withHistory.perSecond);
    overheads.push((without.perSecond - withHistory.perSecond) / without.perSecond);
    cpuOverheads.push((withHistory.cpuPerRequest - without.cpuPerRequest) / without.cpuPerRequest);
    plainCpu.push(without.cpuPerRequest);
  }
  await store.flush();
  const captured: Exchange[] = [];
  const capturing = new VensoftClient({ baseUrl, sessionKey, onExchange: (x) => captured.push(x) });
  for (let i = 0; i < 50; i++) await capturing.get('machine', ids[i % ids.length]!);
  await capturing.close();
  // Per request in µs: the hand-over alone (wall clock: it is all on this thread), then the batch
  // alone in CPU time of the whole process (its file writes run on libuv's threads; waiting for them
  // under load is no work), a flush each 200 requests (one each 250 ms at 800 req/s).
  const handOver: number[] = [];
  const batch: number[] = [];
  for (let round = 0; round < 5; round++) {
    let inHandOver = 0;
    let inBatch = 0;
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      store.record('alone', captured[i % captured.length]!);
      inHandOver += performance.now() - t;
      if (i % 200 === 199) {
        const cpu = process.cpuUsage();
        await store.flush();
        const used = process.cpuUsage(cpu);
        inBatch += (used.user + used.system) / 1000;
      }
    }
    handOver.push((inHandOver / 2000) * 1000);
    batch.push((inBatch / 2000) * 1000);
  }
  await plain.close();
  await recording.close();
  rmSync(dir, { recursive: true, force: true });
  const [without, withHistory, overhead] = [median(plainRates), median(recordingRates), median(overheads)];
  const cpuOverhead = median(cpuOverheads);
  const spread = `${percent(Math.min(...overheads))} … ${percent(Math.max(...overheads))}`;
  // The recording's own work as a share of what a get costs the process (client and emulator) in CPU.
  const share = (median(handOver) + median(batch)) / median(plainCpu);
  return [
    [
      `get machine, VensoftClient (${ROUNDS} rounds of ${ROUND_REQUESTS}, interleaved with the next row)`,
      `${without.toFixed(0)} req/s`,
      '',
    ],
    ['get machine, VensoftClient recording the history', `${withHistory.toFixed(0)} req/s`, ''],
    [
      'recording overhead in throughput, median of the rounds (lowest … highest)',
      `${percent(overhead)} (${spread})`,
      `≤ 2 % ${overhead <= 0.02 ? '✔' : '✖'}`,
    ],
    [
      'recording overhead in CPU time per request, median of the rounds (lowest … highest)',
      `${percent(cpuOverhead)} (${percent(Math.min(...cpuOverheads))} … ${percent(Math.max(...cpuOverheads))})`,
      `≤ 2 % ${cpuOverhead <= 0.02 ? '✔' : '✖'}`,
    ],
    ['recording on the request path (hand-over), per request', `${median(handOver).toFixed(2)} µs`, ''],
    ['recording in the batch (build, redact, write), CPU per request', `${median(batch).toFixed(1)} µs`, ''],
    [
      `both, as a share of a get's CPU time (${median(plainCpu).toFixed(0)} µs, client and emulator)`,
      percent(share),
      `≤ 2 % ${share <= 0.02 ? '✔' : '✖'}`,
    ],
  ];
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const ROUND_REQUESTS = 500;
const percent = (x: number) => `${(x * 100).toFixed(1)} %`;
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
