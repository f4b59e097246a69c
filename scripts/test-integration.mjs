// The integration suite (test/integration) inside a real VS Code extension host: code-server with
// the smoke-test driver, opened in headless Chromium, against an emulator with the demo data.
// Exits with the suite's result. `--tests <module>` runs another module the same way (the
// benchmarks inside the extension host do).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import {
  developmentUrl,
  extensionHostErrors,
  launchChromium,
  provision,
  root,
  startCodeServer,
  startEmulatorProcess,
} from './vscode.mjs';
import { startThrowawayPostgres } from './postgres.mjs';

const TIMEOUT_MS = 10 * 60_000;
// Harmless offline noise from the workbench: no gallery here, and cancelled work at shutdown.
const NOISE = [
  /Ignoring fetching additional builtin extensions/,
  /^Canceled: Canceled/,
  /^\s+at .*workbench\.js/,
  /^\s+at Array\.forEach \(<anonymous>\)$/,
  /Timed out waiting for authentication provider/,
];

const tools = provision();
// The emulator keeps its data in a throwaway PostgreSQL here, so that tests can check answers
// against SQL on the same data (VENSOFT_TEST_DATABASE_URL).
const pg = await startThrowawayPostgres();
let emulator;
try {
  emulator = await startEmulatorProcess(['--database-url', pg.url, '--port', '0', '--seed', 'demo', '--reset']);
} catch (e) {
  pg.stop();
  throw e;
}
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-ws-'));
let server;
let browser;
let code = 1;
try {
  // Auto Save off, as in the UI tests: an auto-save (which the extension refuses) racing a test's own
  // save made that save answer false on a loaded machine. The auto-save test turns it on itself.
  server = await startCodeServer({
    tools,
    workspace,
    smokeTestDriver: true,
    settings: { 'files.autoSave': 'off' },
    env: { VENSOFT_TEST_EMULATOR_URL: emulator.url, VENSOFT_TEST_DATABASE_URL: pg.url },
  });
  browser = await launchChromium(tools);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const exited = new Promise((resolve) => {
    page.exposeFunction('codeAutomationExit', (exitCode) => resolve(exitCode));
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = Array.isArray(args) ? format(...args) : String(args);
    const lines = text.split('\n').filter((line) => !NOISE.some((n) => n.test(line)));
    if (lines.length) (type === 'error' ? console.error : console.log)(lines.join('\n'));
  });
  const testsArg = process.argv.indexOf('--tests');
  const testsPath =
    testsArg > 0 ? path.resolve(process.argv[testsArg + 1]) : path.join(root, 'out', 'test', 'integration', 'index.js');
  await page.goto(developmentUrl(server, workspace, root, testsPath));
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
  const result = await Promise.race([exited, timeout]);
  if (result === 'timeout') {
    console.error(
      `The integration suite did not finish within ${TIMEOUT_MS / 60000} minutes.\n--- code-server output ---\n${server.output()}`,
    );
  } else {
    code = Number(result);
  }
  // An unhandled rejection or an error our code threw in the extension host fails the run too.
  const errors = extensionHostErrors(server.userDir);
  if (errors.length) {
    console.error(`\n✖ The extension host logged ${errors.length} error(s) of Vensoft Explorer:\n${errors.join('\n')}`);
    code ||= 1;
  }
} finally {
  await browser?.close();
  server?.stop();
  emulator.stop();
  pg.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
}
process.exit(code);
