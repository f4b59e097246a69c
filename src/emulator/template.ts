// Where the emulator keeps its data and its prepared templates. A fresh PGlite runs initdb (5–13 s);
// starting from a dumped, already seeded template takes about a second, so each seed is built once
// per machine and schema version, then reused.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function cacheRoot(): string {
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'darwin'
      ? path.join(os.homedir(), 'Library', 'Caches')
      : process.platform === 'win32'
        ? (process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'))
        : path.join(os.homedir(), '.cache'));
  return path.join(base, 'vensoft-explorer', 'emulator');
}

export function defaultDataDir(seedName: string): string {
  return path.join(cacheRoot(), 'data', seedName.replace(':', '-'));
}

function templatePath(schemaVersion: string, seedName: string): string {
  return path.join(cacheRoot(), 'templates', `${schemaVersion}-${seedName.replace(':', '-')}.tar.gz`);
}

export function readTemplate(schemaVersion: string, seedName: string): Blob | undefined {
  const file = templatePath(schemaVersion, seedName);
  return fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : undefined;
}

export async function writeTemplate(schemaVersion: string, seedName: string, dump: Blob): Promise<void> {
  const file = templatePath(schemaVersion, seedName);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename, so a concurrent reader never sees half a template.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
}
