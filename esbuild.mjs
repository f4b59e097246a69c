// Bundles the extension (dist/extension.js) and the emulator (dist/emulator.js) separately:
// the extension must stay small and quick to activate; the emulator runs as its own process.
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
];
if (!emulatorOnly) {
  builds.push(esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    // undici and zod are runtime dependencies shipped in node_modules (like PGlite for the
    // emulator); keeping them out of the bundle keeps it small, and the API layer that needs them
    // is only loaded on first use.
    external: ['vscode', 'undici', 'zod'],
  }));
}
if (integrationTests) {
  // The integration suite runs inside the extension host; mocha resolves from node_modules.
  builds.push(esbuild.build({
    ...common,
    minify: false,
    sourcemap: true,
    entryPoints: ['test/integration/index.ts'],
    outfile: 'out/test/integration/index.js',
    external: ['vscode', 'mocha'],
  }));
}
await Promise.all(builds);
