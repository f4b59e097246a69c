// Bundles the extension (dist/extension.js) and the emulator (dist/emulator.js) separately:
// the extension must stay small and quick to activate; the emulator runs as its own process.
// Every runtime dependency is bundled, so the .vsix needs no node_modules; PGlite's WASM and data
// files are copied beside dist/emulator.js, where its bundled loader looks for them.
// Flags: --production (minified, no source maps: what `npm run package` ships), --watch (rebuild
// on change), --emulator-only, --integration-tests, --bench-host.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';

const flag = (name) => process.argv.includes(name);
const production = flag('--production');
const watch = flag('--watch');
const emulatorOnly = flag('--emulator-only');
const require = createRequire(import.meta.url);

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: watch ? 'info' : 'warning',
};

// PGlite's CommonJS build finds pglite.wasm, initdb.wasm and pglite.data beside the file it runs
// from (`file:${__filename}`); its ESM build would use import.meta.url, which a CJS bundle lacks.
const pgliteDist = path.dirname(require.resolve('@electric-sql/pglite'));
const PGLITE_ASSETS = ['pglite.wasm', 'initdb.wasm', 'pglite.data'];
const withPglite = {
  alias: { '@electric-sql/pglite': path.join(pgliteDist, 'index.cjs') },
  // pg-native is optional for pg; ws only serves PGlite's socket server, which we do not use.
  external: ['pg-native', 'ws'],
};

const configs = [
  { ...common, ...withPglite, entryPoints: ['src/emulator/main.ts'], outfile: 'dist/emulator.js' },
  // The thread that runs PGlite, so that a query past its deadline can be stopped (pgliteDatabase.ts).
  { ...common, ...withPglite, entryPoints: ['src/emulator/pgliteWorker.ts'], outfile: 'dist/pgliteWorker.js' },
];
if (!emulatorOnly) {
  configs.push(
    {
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      // queries.js (the filter and report feature), objectEditing.js (the object documents' editor
      // helpers), links.js (links between objects), transfer.js (import and export), history.js (the
      // History view, its documents and commands) and api.js (the HTTP client with undici and zod) are
      // loaded on first use (src/queries/loader.ts, src/documents/whenObjectsOpen.ts, src/links/loader.ts,
      // src/transfer/loader.ts, src/history/loader.ts, src/apiLoader.ts): activation does not pay for them.
      external: [
        'vscode',
        './queries.js',
        './objectEditing.js',
        './links.js',
        './transfer.js',
        './history.js',
        './api.js',
      ],
    },
    {
      ...common,
      entryPoints: ['src/api/index.ts'],
      outfile: 'dist/api.js',
    },
    {
      ...common,
      entryPoints: ['src/queries/index.ts'],
      outfile: 'dist/queries.js',
      external: ['vscode', './api.js'],
      // jsonc-parser's "main" is a UMD build whose internal requires esbuild cannot follow.
      mainFields: ['module', 'main'],
    },
    {
      // Import and export (src/transfer/loader.ts loads it): the CSV libraries and iconv-lite.
      ...common,
      entryPoints: ['src/transfer/index.ts'],
      outfile: 'dist/transfer.js',
      external: ['vscode', './api.js'],
    },
    {
      ...common,
      entryPoints: ['src/documents/objectEditing.ts'],
      outfile: 'dist/objectEditing.js',
      external: ['vscode', './api.js'],
      mainFields: ['module', 'main'],
    },
    {
      // The request history's view, documents and commands (src/history/loader.ts loads it on first use).
      ...common,
      entryPoints: ['src/history/index.ts'],
      outfile: 'dist/history.js',
      external: ['vscode', './api.js'],
      mainFields: ['module', 'main'],
    },
    {
      // Links between objects (src/links/loader.ts loads it with the first object document).
      ...common,
      entryPoints: ['src/links/index.ts'],
      outfile: 'dist/links.js',
      external: ['vscode', './api.js'],
      mainFields: ['module', 'main'],
    },
    {
      // Webview scripts (src/queries/*/webview/, src/bulk/webview/) run in the webview's browser; everything they use, the chart
      // library included, is bundled in: a webview loads nothing from the network.
      ...common,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      entryPoints: {
        results: 'src/queries/results/webview/results.ts',
        report: 'src/queries/report/webview/report.ts',
        bulk: 'src/bulk/webview/bulkPage.ts',
      },
      outdir: 'dist/webview',
    },
  );
}
if (flag('--bench-host')) {
  // Measurements inside the extension host (bench/host), run like the integration suite.
  configs.push({
    ...common,
    minify: false,
    entryPoints: ['bench/host/index.ts'],
    outfile: 'out/bench/host.js',
    external: ['vscode'],
  });
}
if (flag('--integration-tests')) {
  // The integration suite runs inside the extension host; mocha resolves from node_modules.
  configs.push({
    ...common,
    minify: false,
    sourcemap: true,
    entryPoints: ['test/integration/index.ts'],
    outfile: 'out/test/integration/index.js',
    external: ['vscode', 'mocha', 'pg-native'],
    mainFields: ['module', 'main'],
  });
}

function copyPgliteAssets() {
  fs.mkdirSync('dist', { recursive: true });
  for (const file of PGLITE_ASSETS) fs.copyFileSync(path.join(pgliteDist, file), path.join('dist', file));
}

// The JSON Schemas of Filter and Report files (jsonValidation in package.json), generated from the
// client's zod schemas so that the editor and the wire agree.
async function writeJsonSchemas() {
  const bundle = await esbuild.build({
    ...common,
    sourcemap: false,
    minify: false,
    entryPoints: ['src/api/jsonSchemas.ts'],
    write: false,
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundle.outputFiles[0].text)(module, module.exports, require);
  fs.mkdirSync('dist/schemas', { recursive: true });
  for (const [name, schema] of [
    ['filter', module.exports.filterJsonSchema()],
    ['report', module.exports.reportJsonSchema()],
  ]) {
    fs.writeFileSync(`dist/schemas/vensoft-${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
  }
}

copyPgliteAssets();
if (watch) {
  const contexts = await Promise.all(configs.map((config) => esbuild.context(config)));
  await Promise.all(contexts.map((context) => context.watch()));
  if (!emulatorOnly) await writeJsonSchemas();
  console.log(
    'Watching src/ (Ctrl+C stops). The JSON Schemas are written once; run `npm run build` after changing them.',
  );
} else {
  await Promise.all(configs.map((config) => esbuild.build(config)));
  if (!emulatorOnly) await writeJsonSchemas();
}
