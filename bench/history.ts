// `npm run bench:history`: the request history with 1,000 entries of real answers from the emulator
// (gets, lists of 20 and reports, a few failures): the History view's work to open (read the file,
// group by day, describe every row) and to filter, and the storage per 1,000 entries.
// Targets: open and filter ≤ 150 ms each. Prints a table.

import { timeMs } from './timing';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VensoftClient } from '../src/api';
import { HistoryStore } from '../src/history/historyStore';
import { describeEntry, groupByDay } from '../src/history/historyModel';
import { startEmulator } from '../test/support/emulator';

const ENTRIES = 1000;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vensoft-bench-history-'));
  const limits = () => ({ maxEntries: ENTRIES, maxResponseBytes: 100_000 });
  const store = new HistoryStore(dir, limits, console.warn);
  const emu = await startEmulator();
  const rows: string[][] = [];
  try {
    const client = new VensoftClient({ baseUrl: emu.baseUrl, onExchange: (x) => store.record('bench', x) });
    await client.login('demo@vensoft.test', 'demo');
    const ids = (await client.list('machine', { count: { count: 200 } })).transfer_objects.map((o) => o.id);
    const report = { Aggregation: [{ Function: 'SUM', Attribute: 'price' }] };
    for (let i = 0; (await store.entries('bench')).length < ENTRIES; i++) {
      if (i % 10 === 0) await client.list('sim', { count: { count: 20, offset: i } });
      else if (i % 25 === 1) await client.report('sale', report);
      else if (i % 50 === 2) await client.get('machine', 1n).catch(() => undefined);
      else await client.get('machine', ids[i % ids.length]!);
    }
    await client.close();
    await store.flush();
    const entries = await store.entries('bench');
    const bytes = statSync(store.fileOf('bench')).size;
    const open = await timeMs(async () => {
      const fresh = new HistoryStore(dir, limits, console.warn);
      for (const day of groupByDay(await fresh.entries('bench'))) day.entries.forEach((entry) => describeEntry(entry));
    }, 9);
    const filter = await timeMs(async () => {
      const days = groupByDay(await store.entries('bench'), { methods: ['get'], types: ['machine'], status: 'ok' });
      for (const day of days) day.entries.forEach((entry) => describeEntry(entry));
    }, 9);
    const answers = entries.reduce((sum, e) => sum + e.bytes, 0);
    rows.push([
      `open: read ${entries.length} entries from disk, group by day, describe every row`,
      `${open.toFixed(1)} ms`,
      `≤ 150 ms ${open <= 150 ? '✔' : '✖'}`,
    ]);
    rows.push([
      'filter (method, type, status) and describe the rows',
      `${filter.toFixed(1)} ms`,
      `≤ 150 ms ${filter <= 150 ? '✔' : '✖'}`,
    ]);
    rows.push([
      `storage per ${entries.length} entries (answers ${(answers / 1024).toFixed(0)} KB of it)`,
      `${(bytes / 1024).toFixed(0)} KB (${(bytes / entries.length / 1024).toFixed(2)} KB per entry)`,
      '',
    ]);
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nRequest history benchmark (medians of 9; node ${process.version}; ${new Date().toISOString().slice(0, 10)})\n`,
  );
  console.log('| measure | result | target |');
  console.log('| --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
