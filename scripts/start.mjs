// `npm start`: builds, starts the emulator with the demo data, and opens the extension in a real
// VS Code: the desktop `code` when it is installed, otherwise code-server (installed on first use
// into your cache folder) at a printed localhost URL. Ctrl+C stops everything.
// Options: --port N (emulator port, default 8787), --code-server (even when `code` exists).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extensionId, provision, root, startCodeServer, startEmulatorProcess } from './vscode.mjs';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const emulatorPort = portArg >= 0 ? args[portArg + 1] : '8787';

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const emulator = await startEmulatorProcess(['--seed', 'demo', '--port', emulatorPort]);
// The emulator prints its accounts (src/core/demoAccounts.ts) before it listens.
const accounts = /^Accounts: (.*)\.$/m.exec(emulator.output())?.[1];
console.log(`Emulator: ${emulator.url}${accounts ? ` (${accounts})` : ''}`);

const workspace = path.join(
  process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
  'vensoft-explorer',
  'workspace',
);
fs.mkdirSync(workspace, { recursive: true });
const settings = { 'vensoft.localEmulatorUrl': emulator.url, 'workbench.welcomePage.walkthroughs.openOnInstall': true };
const stops = [() => emulator.stop()];
const stopAll = () => {
  for (const stop of stops.reverse()) stop();
  process.exit(0);
};
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
emulator.child.on('exit', () => {
  console.error('The emulator stopped.');
  stopAll();
});

const desktop = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
if (desktop && !args.includes('--code-server')) {
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  const code = spawn(desktop, ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit' });
  code.on('exit', () => console.log('VS Code window launched. Ctrl+C here stops the emulator.'));
} else {
  const tools = provision();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const server = await startCodeServer({
    tools,
    workspace,
    settings,
    // Linked as an installed extension, so the window is an ordinary one.
    extensions: { [`${extensionId}-${manifest.version}`]: root },
  });
  stops.push(() => server.stop());
  console.log(
    `\nVS Code (code-server) with Vensoft Explorer: ${server.url}?folder=${encodeURIComponent(workspace)}\nOpen it in a browser; Ctrl+C here stops everything.`,
  );
}
