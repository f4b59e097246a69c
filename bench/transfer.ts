// `npm run bench:transfer`: import and export at scale, against an emulator process with the large
// seed. 1. Export of every sale to CSV through the export the command runs (src/transfer/exportRun.ts)
// against a bare paging loop with the same pages that writes nothing; each in a process of its own, so
// its peak RSS is its own. 2. Import of 10,000 SIMs (creates), then of their export with half of them
// changed (5,000 updates, 5,000 unchanged): preview time, run time and requests sent.
// Options: --sales N (default 200000: the large seed's size), --page N (default 1000).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VensoftClient } from '../src/api';
import { parseJson, type JsonObject, type JsonValue } from '../src/core/json';
import { transferSchema } from '../src/core/transferSchema';
import { mapColumns } from '../src/core/importPlan';
import { exportObjects, type ExportReader } from '../src/transfer/exportRun';
import { previewImport, runImport, type ImportClient } from '../src/transfer/importRun';
import { columnsOf, sniff } from '../src/transfer/sourceFile';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const PAGE = arg('--page', 1000);
const NO_PRIVILEGES = { returnPrivileges: false, returnAttributePrivileges: false };
const root = path.resolve(__dirname, '..');

async function client(url: string, onRequest?: () => void): Promise<VensoftClient> {
  const c = new VensoftClient({ baseUrl: url, onRequest, deadlineMs: 600_000 });
  await c.login('demo@vensoft.test', 'demo');
  return c;
}

async function schemaOf(c: VensoftClient, type: string) {
  const described = (await c.describe()).find((t) => t.name === type)!;
  const sample = await c.list(type, { count: { count: 50, offset: 0 } }, NO_PRIVILEGES);
  return transferSchema(
    type,
    described.readable_attributes ?? [],
    described.writeable_attributes ?? [],
    sample.transfer_objects.map((o) => o.definition as JsonObject),
  );
}

const reader = (c: VensoftClient): ExportReader => ({
  list: (type, filter, signal) => c.list(type, filter, { ...NO_PRIVILEGES, signal }),
  getMany: (type, ids, signal) => c.getMany(type, ids, { ...NO_PRIVILEGES, signal }),
});

/** In a child process: one export, or the bare loop; prints {ms, rows, rssMb}. */
async function child(kind: string, url: string, limit: number): Promise<void> {
  const c = await client(url);
  const started = performance.now();
  let rows = 0;
  // A subset of the first `limit` sales by id, when --sales is below the seed's size.
  const constraints = await boundBelow(c, limit);
  if (kind === 'export') {
    const schema = await schemaOf(c, 'sale');
    const target = path.join(os.tmpdir(), `bench-export-${process.pid}.csv`);
    const result = await exportObjects(
      { schema, selection: { kind: 'filter', constraints }, format: 'csv', target, pageSize: PAGE },
      reader(c),
      () => undefined,
      new AbortController().signal,
    );
    rows = result.written;
    fs.rmSync(target);
  } else {
    // The bare loop: the same pages (ids after the last one, in id order), nothing written.
    let last: bigint | undefined;
    for (;;) {
      const cs =
        last === undefined
          ? constraints
          : {
              join: 'AND',
              conditions: [{ attribute: 'id', type: 3, value: `${last}` }],
              lists: constraints ? [constraints] : [],
            };
      const filter = {
        order: { attribute: 'id', direction: 'ASC' },
        count: { count: PAGE, offset: 0 },
        constraints: cs,
      };
      const page = await c.list('sale', filter as JsonValue, NO_PRIVILEGES);
      rows += page.transfer_objects.length;
      if (page.transfer_objects.length < PAGE) break;
      last = page.transfer_objects.at(-1)!.id;
    }
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, rows, rssMb: process.resourceUsage().maxRSS / 1024 }));
  await c.close();
}

/** The constraint "id at most the limit-th sale's id" (undefined for every sale). */
async function boundBelow(c: VensoftClient, limit: number): Promise<JsonValue | undefined> {
  const total = (await c.list('sale', { count: { count: 1, offset: 0 } }, NO_PRIVILEGES)).filtered_record_count ?? 0;
  if (limit >= total) return undefined;
  const page = await c.list(
    'sale',
    { order: { attribute: 'id' }, count: { count: 1, offset: limit - 1 } },
    NO_PRIVILEGES,
  );
  return {
    join: 'AND',
    conditions: [{ attribute: 'id', type: 11, value: `${page.transfer_objects[0]!.id}` }],
    lists: [],
  };
}

interface ChildResult {
  ms: number;
  rows: number;
  rssMb: number;
}

function runChild(kind: string, url: string, limit: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', __filename, '--child', kind, url, '--sales', `${limit}`, '--page', `${PAGE}`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) =>
      code === 0
        ? resolve(parseJson(out.trim().split('\n').at(-1)!) as unknown as ChildResult)
        : reject(new Error(`${kind} exited ${code}`)),
    );
  });
}

function startEmulator(dataDir: string): Promise<{ url: string; stop(): void }> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [path.join(root, 'dist', 'emulator.js'), '--seed', 'large:200000', '--port', '0', '--data', dataDir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/stable\/)/.exec(out);
      if (m) resolve({ url: m[1]!, stop: () => p.kill() });
    });
    p.on('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
  });
}

async function importBench(url: string): Promise<Array<[string, string]>> {
  let requests = 0;
  const c = await client(url, () => requests++);
  const [parent] = await c.getContainer('sim', 'create');
  const schema = await schemaOf(c, 'sim');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const importClient: ImportClient = {
    getMany: async (type, ids, signal) =>
      (await c.getMany(type, ids, { ...NO_PRIVILEGES, signal })).transfer_objects.map((o) => ({
        id: o.id,
        definition: o.definition as JsonObject,
      })),
    create: (type, definition, signal) => c.create(type, definition, { signal }),
    update: (type, id, definition, signal) => c.update(type, id, definition, { signal }),
  };
  const stamp = Date.now().toString(36);
  const rows: Array<[string, string]> = [];
  const measure = async (label: string, file: string) => {
    const source = await sniff(file);
    const columns = await columnsOf(file, source);
    const request = {
      path: file,
      source,
      columns,
      schema,
      mapping: mapColumns(columns, schema).mapping,
      context: { defaultParent: parent, mayCreate: true },
      pageSize: 200,
    };
    const signal = new AbortController().signal;
    requests = 0;
    let t = performance.now();
    const plan = await previewImport(request, importClient, () => undefined, signal);
    rows.push([
      `${label}: preview (${plan.counts.create} creates, ${plan.counts.update} updates, ${plan.counts.unchanged} unchanged)`,
      `${(performance.now() - t).toFixed(0)} ms, ${requests} requests`,
    ]);
    requests = 0;
    t = performance.now();
    const outcome = await runImport(request, importClient, path.join(dir, 'failed.csv'), () => undefined, signal);
    rows.push([
      `${label}: run (${outcome.created} created, ${outcome.updated} updated, ${outcome.failed} failed)`,
      `${(performance.now() - t).toFixed(0)} ms, ${requests} requests`,
    ]);
  };
  const creates = path.join(dir, 'creates.csv');
  fs.writeFileSync(
    creates,
    ['imsi;msisdn', ...Array.from({ length: 10_000 }, (_, k) => `bench-${stamp}-${k};+49 ${k}`)].join('\n'),
  );
  await measure('10,000 new SIMs', creates);
  // Their export, half of them changed: 5,000 updates (one attribute each) and 5,000 unchanged.
  const exported = path.join(dir, 'exported.csv');
  const constraints = {
    join: 'AND',
    conditions: [{ attribute: 'imsi', type: 9, value: `^bench-${stamp}-` }],
    lists: [],
  };
  await exportObjects(
    { schema, selection: { kind: 'filter', constraints }, format: 'csv', target: exported, pageSize: PAGE },
    reader(c),
    () => undefined,
    new AbortController().signal,
  );
  const lines = fs.readFileSync(exported, 'utf8').split('\r\n');
  const msisdn = lines[0]!.split(',').indexOf('msisdn');
  const changed = lines.map((line, k) => {
    if (k === 0 || k % 2 || !line) return line;
    const cells = line.split(',');
    cells[msisdn] = `changed ${k}`;
    return cells.join(',');
  });
  const updates = path.join(dir, 'updates.csv');
  fs.writeFileSync(updates, changed.join('\r\n'));
  await measure('their export, half changed', updates);
  fs.rmSync(dir, { recursive: true, force: true });
  await c.close();
  return rows;
}

async function main(): Promise<void> {
  const sales = arg('--sales', 200_000);
  const cached = path.join(os.homedir(), '.cache', 'vensoft-explorer', 'bench-large-200000');
  // A copy of the prepared data: the benchmark writes (the import) and must not hold the shared one's lock.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-transfer-data-'));
  if (fs.existsSync(cached)) fs.cpSync(cached, dataDir, { recursive: true });
  const emulator = await startEmulator(dataDir);
  try {
    const table: Array<[string, string]> = [];
    const runs: Record<'export' | 'bare', ChildResult[]> = { export: [], bare: [] };
    for (let round = 0; round < 2; round++)
      for (const kind of ['bare', 'export'] as const) runs[kind].push(await runChild(kind, emulator.url, sales));
    const best = (xs: ChildResult[]) => xs.reduce((a, b) => (a.ms < b.ms ? a : b));
    const bare = best(runs.bare);
    const ours = best(runs.export);
    const rate = (r: { ms: number; rows: number }) => r.rows / (r.ms / 1000);
    table.push([
      `bare paging loop, ${bare.rows.toLocaleString('en')} sales, pages of ${PAGE} (best of 2)`,
      `${rate(bare).toFixed(0)} objects/s, peak RSS ${bare.rssMb.toFixed(0)} MB`,
    ]);
    table.push([
      `export to CSV, same pages (best of 2)`,
      `${rate(ours).toFixed(0)} objects/s (${(rate(ours) / rate(bare)).toFixed(2)}×), peak RSS ${ours.rssMb.toFixed(0)} MB`,
    ]);
    table.push(...(await importBench(emulator.url)));
    console.log('| measure | value |\n| --- | --- |');
    for (const [m, v] of table) console.log(`| ${m} | ${v} |`);
  } finally {
    emulator.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') void child(process.argv[3]!, process.argv[4]!, arg('--sales', 200_000));
else void main();
