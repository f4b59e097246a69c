// `npm run bench:journal`: what the change journal costs, measured inside the real extension host
// (bench/journal/host.ts, run like the integration suite against the demo emulator). Prints a table:
//  - a save's update with the journal next to the same update without it, alternating (target: the
//    journal adds ≤ 5 ms), and the journal's own record-and-complete of a write;
//  - Revert of a 1,000-object updatemany of which 100 were already put back by someone else: its time,
//    requests sent and writes (target: at most one write per object that still differs), next to
//    sending those writes by hand without journal or check.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { root } from '../scripts/vscode.mjs';

esbuild.buildSync({
  entryPoints: ['bench/journal/host.ts'],
  outfile: 'out/bench/journalHost.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  absWorkingDir: root,
  logLevel: 'warning',
});
const ran = spawnSync(process.execPath, ['scripts/test-integration.mjs', '--tests', 'out/bench/journalHost.js'], {
  cwd: root,
  encoding: 'utf8',
});
const value = (name: string): number => {
  const m = new RegExp(`VBENCH ${name} (-?[\\d.]+)`).exec(ran.stdout);
  if (!m) throw new Error(`no ${name} from the extension host:\n${ran.stdout}\n${ran.stderr}`);
  return Number(m[1]);
};
const withJournal = value('save-with-journal-ms');
const without = value('save-without-journal-ms');
const added = value('save-added-ms');
const writes = value('revert-writes');
const changed = value('revert-changed');
const rows = [
  ['save (update) through a client with the journal hook, median of 101', `${withJournal} ms`, ''],
  ['… the same update through the same client without the hook', `${without} ms`, ''],
  [
    '… what the journal adds (median of the 101 pairwise differences)',
    `${added.toFixed(2)} ms`,
    added <= 5 ? '≤ 5 ms: met' : '≤ 5 ms: NOT met',
  ],
  ["the journal's record and completion of one write alone", `${value('journal-hook-ms')} ms`, ''],
  ['revert of a 1,000-object updatemany (100 already put back)', `${value('revert-ms')} ms`, ''],
  ['… requests sent (getmany included)', String(value('revert-requests')), ''],
  [
    '… writes sent / objects that still differed',
    `${writes} / ${changed}`,
    writes <= changed ? '≤ one per changed object: met' : 'NOT met',
  ],
  ['… objects reverted (succeeded, put-back ones included)', String(value('revert-succeeded')), ''],
  ['baseline: the same 900 updates sent by hand, no journal, no check', `${value('by-hand-ms')} ms`, ''],
];
const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length), 8));
console.log(`| ${['measure', 'value', 'target'].map((h, c) => h.padEnd(widths[c]!)).join(' | ')} |`);
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(`| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`);
