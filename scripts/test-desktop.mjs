// `npm run test:desktop`: the same integration suite (test/integration) in desktop VS Code, which
// @vscode/test-electron downloads (into .vscode-test/) on first run. For machines that can reach
// VS Code's download servers; where they cannot (our CI machines), this fails loudly and says so:
// `npm test` runs the suite in code-server instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { root, startEmulatorProcess } from './vscode.mjs';

const emulator = await startEmulatorProcess(['--memory', '--port', '0', '--seed', 'demo']);
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-ws-'));
let code = 1;
try {
  await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
    extensionTestsEnv: { VENSOFT_TEST_EMULATOR_URL: emulator.url },
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
  code = 0;
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`\n✖ The integration suite in desktop VS Code failed: ${message}`);
  if (/download|ENOTFOUND|ECONNREFUSED|getaddrinfo|fetch|40\d|50\d/i.test(message)) {
    console.error(
      '  VS Code could not be downloaded from this machine. Run `npm test` (code-server) here instead, or set VSCODE_TEST_VERSION / a proxy.',
    );
  }
} finally {
  emulator.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
}
process.exit(code);
