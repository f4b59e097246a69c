// Bundles the extension (dist/extension.js) and the emulator (dist/emulator.js) separately:
// the extension must stay small and quick to activate; the emulator runs as its own process.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const emulatorOnly = process.argv.includes('--emulator-only');
const integrationTests = process.argv.includes('--integration-tests');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  esbuild.build({
    ...common,
    entryPoints: ['src/emulator/main.ts'],
    outfile: 'dist/emulator.js',
    // PGlite loads its WASM and data files from its own package folder; pg-native is optional.
    external: ['@electric-sql/pglite', 'pg-native'],
  }),
  // The thread that runs PGlite, so that a query past its deadline can be stopped (pgliteDatabase.ts).
  esbuild.build({
    ...common,
    entryPoints: ['src/emulator/pgliteWorker.ts'],
    outfile: 'dist/pgliteWorker.js',
    external: ['@electric-sql/pglite'],
  }),
];
if (!emulatorOnly) {
  builds.push(esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    // undici and zod are runtime dependencies shipped in node_modules (like PGlite for the
    // emulator); keeping them out of the bundle keeps it small, and the API layer that needs them
    // is only loaded on first use.
    // queries.js (the filter and report feature) and api.js (the HTTP client) are loaded on first
    // use (src/filters/lazy.ts, src/apiLoader.ts).
    external: ['vscode', 'undici', 'zod', './queries.js', './api.js'],
  }));
  builds.push(esbuild.build({
    ...common,
    entryPoints: ['src/api/index.ts'],
    outfile: 'dist/api.js',
    external: ['undici', 'zod'],
  }));
  builds.push(esbuild.build({
    ...common,
    entryPoints: ['src/filters/index.ts'],
    outfile: 'dist/queries.js',
    external: ['vscode', 'undici', 'zod', './api.js'],
    // jsonc-parser's "main" is a UMD build whose internal requires esbuild cannot follow.
    mainFields: ['module', 'main'],
  }));
}
if (!emulatorOnly) {
  // Webview scripts (media/*.ts) run in the webview's browser; everything they use, the chart
  // library included, is bundled in: a webview loads nothing from the network.
  builds.push(esbuild.build({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { results: 'media/results.ts', report: 'media/report.ts' },
    outdir: 'dist/webview',
  }));
}
if (process.argv.includes('--bench-host')) {
  // Measurements inside the extension host (bench/host), run like the integration suite.
  builds.push(esbuild.build({ ...common, minify: false, entryPoints: ['bench/host/index.ts'], outfile: 'out/bench/host.js', external: ['vscode'] }));
}
if (integrationTests) {
  // The integration suite runs inside the extension host; mocha resolves from node_modules.
  builds.push(esbuild.build({
    ...common,
    minify: false,
    sourcemap: true,
    entryPoints: ['test/integration/index.ts'],
    outfile: 'out/test/integration/index.js',
    external: ['vscode', 'mocha', 'pg-native'],
    mainFields: ['module', 'main'],
  }));
}
await Promise.all(builds);

// The JSON Schemas of Filter and Report files (jsonValidation in package.json), generated from the
// client's zod schemas so that the editor and the wire agree.
if (!emulatorOnly) {
  const bundle = await esbuild.build({ ...common, sourcemap: false, minify: false, entryPoints: ['src/api/jsonSchemas.ts'], write: false });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundle.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  fs.mkdirSync('dist/schemas', { recursive: true });
  fs.writeFileSync('dist/schemas/vensoft-filter.schema.json', `${JSON.stringify(module.exports.filterJsonSchema(), null, 2)}\n`);
  fs.writeFileSync('dist/schemas/vensoft-report.schema.json', `${JSON.stringify(module.exports.reportJsonSchema(), null, 2)}\n`);
}
