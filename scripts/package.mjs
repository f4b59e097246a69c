// `npm run package`: builds the .vsix with @vscode/vsce, then checks what it holds.
// vsce runs `vscode:prepublish` first, which empties dist/ and builds it minified, so the package
// can never hold a missing or stale build. Fails (with what to do) on any vsce warning, a file
// that must not ship (sources, source maps, tests, node_modules), a missing runtime file, or a
// package over the 10 MB budget, or a README link to a file the package lacks. Prints the .vsix path.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './vscode.mjs';

const BUDGET_BYTES = 10_000_000;
const REQUIRED = [
  'extension/package.json',
  'extension/package.nls.json',
  'extension/package.nls.de.json',
  'extension/l10n/bundle.l10n.de.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/media/icon.png',
  'extension/dist/extension.js',
  'extension/dist/api.js',
  'extension/dist/queries.js',
  'extension/dist/objectEditing.js',
  'extension/dist/links.js',
  'extension/dist/history.js',
  'extension/dist/emulator.js',
  'extension/dist/pgliteWorker.js',
  'extension/dist/pglite.wasm',
  'extension/dist/initdb.wasm',
  'extension/dist/pglite.data',
  'extension/dist/webview/report.js',
  'extension/dist/webview/results.js',
  'extension/dist/schemas/vensoft-filter.schema.json',
];
const FORBIDDEN = [/\.ts$/, /\.map$/, /(^|\/)test\//, /(^|\/)node_modules\//, /(^|\/)src\//, /\.vsix$/];

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
const vsce = path.join(root, 'node_modules', '.bin', 'vsce');

function fail(message) {
  console.error(`\n✖ npm run package: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(vsce)) fail('@vscode/vsce is not installed. Run `npm ci` first.');
fs.rmSync(vsix, { force: true });
const run = spawnSync(vsce, ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
const said = `${run.stdout}${run.stderr}`;
process.stdout.write(said);
if (run.status !== 0) fail(`vsce failed (exit ${run.status ?? run.signal}); its message is above.`);
const warnings = said.split('\n').filter((line) => /warning/i.test(line));
if (warnings.length) fail(`vsce warned; a package must build without warnings:\n${warnings.join('\n')}`);

const files = listZip(fs.readFileSync(vsix));
const missing = REQUIRED.filter((f) => !files.includes(f));
if (missing.length) fail(`the package lacks ${missing.join(', ')}. Check .vscodeignore and esbuild.mjs.`);
const shipped = files.filter((f) => FORBIDDEN.some((re) => re.test(f)));
if (shipped.length) fail(`the package must not ship ${shipped.join(', ')}. Exclude them in .vscodeignore.`);
// The README is the extension's page: every image and link it names must be in the package.
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const linked = [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
  .map((m) => m[1].split('#')[0])
  .filter((l) => l && !/^[a-z]+:/i.test(l));
const unshipped = [...new Set(linked)].filter((l) => !files.includes(`extension/${l}`));
if (unshipped.length)
  fail(`README.md links to ${unshipped.join(', ')}, which the package does not hold. Ship them or link elsewhere.`);
const bytes = fs.statSync(vsix).size;
if (bytes > BUDGET_BYTES) fail(`the package is ${(bytes / 1e6).toFixed(2)} MB, over the 10 MB budget.`);
console.log(`\n✔ ${path.relative(root, vsix)}: ${(bytes / 1e6).toFixed(2)} MB, ${files.length} files.`);
console.log('Install it: `npm run install-vsix`, or in VS Code: Extensions view → … → Install from VSIX…');

/** The names in a zip file's central directory (a .vsix is a zip). */
function listZip(zip) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) fail(`${vsix} is not a zip file.`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra;
  }
  return names;
}
