// Temporary folders of the PGlite store: --memory's data and the read replica's copy. Each is
// `<tmp>/vensoft-emulator-XXXXXX/` with an `owner` file (process id and start time, as the data
// lock records them). An emulator killed with SIGKILL never removes its folder, so every PGlite
// emulator that starts removes the folders whose owner no longer runs; folders of live emulators,
// and folders without an owner file (older versions, which cannot be told apart from live ones),
// are left alone.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ownerAlive, ownerStamp } from './dataDirLock';

const PREFIX = 'vensoft-emulator-';
const OWNER_FILE = 'owner';

/** A new temporary folder owned by this process. */
export function makeScratchDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  fs.writeFileSync(path.join(dir, OWNER_FILE), ownerStamp());
  return dir;
}

/** Removes the temporary folders left by emulators that have ended; returns their paths. */
export function removeStaleScratchDirs(root = os.tmpdir()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(root).filter((n) => n.startsWith(PREFIX));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    let stamp: string;
    try {
      stamp = fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8');
    } catch {
      continue; // no owner file: not ours to judge
    }
    if (ownerAlive(stamp)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
