// `npm run clean`: removes what builds and tests leave behind (dist/, out/, test-results/, *.vsix).
// `node scripts/clean.mjs dist` removes only the folders named.
import fs from 'node:fs';
import path from 'node:path';
import { root } from './vscode.mjs';

const named = process.argv.slice(2);
const targets = named.length
  ? named
  : ['dist', 'out', 'test-results', ...fs.readdirSync(root).filter((f) => f.endsWith('.vsix'))];
for (const target of targets) fs.rmSync(path.join(root, target), { recursive: true, force: true });
console.log(`Removed ${targets.join(', ')}.`);
