// Entry point the extension host loads (extensionTestsPath), in code-server as in desktop VS Code
// (@vscode/test-electron): runs the integration suite with mocha inside the real extension host.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // INTEGRATION_GREP=<pattern> runs only the matching tests (the extension host inherits the env).
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    reporter: 'spec',
    ...(process.env.INTEGRATION_GREP ? { grep: process.env.INTEGRATION_GREP } : {}),
  });
  // The suite is bundled with this file; give its describe/it the globals mocha would.
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  await import('./suite');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
