// `npm run install-vsix`: installs the .vsix that `npm run package` built into the desktop VS Code
// (`code --install-extension`), or code-server where that is what the machine has. Says what to do
// when the package is missing, older than the sources, or no editor command is on the PATH.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './vscode.mjs';

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);

function stop(message) {
  console.error(`✖ ${message}`);
  process.exit(1);
}

/** The newest modification time of a file under these paths. */
function newest(paths) {
  let latest = 0;
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) latest = Math.max(latest, newest(fs.readdirSync(p).map((f) => path.join(p, f))));
    else latest = Math.max(latest, stat.mtimeMs);
  }
  return latest;
}

if (!fs.existsSync(vsix))
  stop(`There is no ${path.basename(vsix)} yet. Build it with \`npm run package\`, then run this again.`);
const sources = ['src', 'media', 'package.json', 'esbuild.mjs', 'README.md'].map((p) => path.join(root, p));
if (newest(sources) > fs.statSync(vsix).mtimeMs) {
  stop(
    `${path.basename(vsix)} is older than the sources. Build it again with \`npm run package\`, then run this again.`,
  );
}
const which = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
const editor = which('code') || which('code-server');
if (!editor) {
  stop(
    [
      'Neither the desktop `code` command nor `code-server` is on the PATH, so the package cannot be installed from here.',
      `Install ${vsix} by hand:`,
      '  • VS Code: Extensions view → … (Views and More Actions) → Install from VSIX…, and pick the file;',
      '    or put `code` on the PATH (Command Palette → "Shell Command: Install \'code\' command in PATH") and run this again.',
      `  • code-server: code-server --install-extension ${vsix}`,
    ].join('\n'),
  );
}
const result = spawnSync(editor, ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
if (result.status !== 0)
  stop(
    `${path.basename(editor)} --install-extension failed (exit ${result.status ?? result.signal}); its message is above.`,
  );
console.log(`✔ Installed ${path.basename(vsix)} into ${path.basename(editor)}. Reload the window to use it.`);
