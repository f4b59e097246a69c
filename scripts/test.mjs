// `npm test`: every check, in order, failing loudly at the first that fails.
//   lint → type-check → build → unit and contract tests on PGlite → the emulator suites again on a
//   throwaway PostgreSQL server → the integration suite inside a real VS Code extension host
//   (code-server, provisioned on first use) → the UI tests in headless Chromium → the .vsix built,
//   installed into an empty profile and used as a newcomer does.
import { spawnSync } from 'node:child_process';
import { startThrowawayPostgres } from './postgres.mjs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function step(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

step('Lint', npx, ['eslint', '.']);
step('Format (prettier --check; `npm run format` writes it)', npx, ['prettier', '--check', '.']);
step('Type-check', npx, ['tsc', '--noEmit', '-p', '.']);
step('Type-check the webview scripts', npx, ['tsc', '--noEmit', '-p', 'tsconfig.webview.json']);
step('Build', process.execPath, ['esbuild.mjs', '--integration-tests']);
step('Unit and contract tests (PGlite)', npx, ['mocha', 'test/unit/**/*.test.ts']);

const pg = await startThrowawayPostgres();
try {
  step(
    'Emulator contract tests on PostgreSQL',
    npx,
    [
      'mocha',
      ...['contract', 'privileges', 'filters', 'hardening', 'hostile'].map(
        (suite) => `test/unit/emulator.${suite}.test.ts`,
      ),
    ],
    { VENSOFT_TEST_DATABASE_URL: pg.url },
  );
} finally {
  pg.stop();
}
step('Integration tests in a real VS Code extension host (code-server)', process.execPath, [
  'scripts/test-integration.mjs',
]);
step('UI tests in headless Chromium (code-server)', npx, ['mocha', 'test/e2e/**/*.test.ts']);
// Last: `npm run package` empties dist/ and builds it minified for the package.
step("The installed .vsix: package, install into an empty profile, a newcomer's path (code-server)", npx, [
  'mocha',
  'test/vsix/**/*.test.ts',
]);
console.log('\nAll checks passed.');
