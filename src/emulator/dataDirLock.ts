// One emulator per data directory: PGlite aborts ("Aborted()") when two processes open the same
// files, so the second one is refused with a message that says what to do. A lock left by a
// process that no longer runs is taken over. The lock is a file beside the directory (DIR.lock),
// so the database files stay Postgres's own.
import fs from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dir: string): DataDirLock {
  const resolved = path.resolve(dir);
  fs.mkdirSync(path.dirname(resolved), { recursive: true });
  const file = `${resolved}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return { release: () => fs.rmSync(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(file, 'utf8').trim());
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new Error(`The data in ${dir} is in use by another emulator (process ${owner}). Stop that one, or start this one with --data <another folder> or --memory.`, { cause: e });
      }
      fs.rmSync(file, { force: true }); // left behind by a process that has ended
    }
  }
  throw new Error(`Could not lock ${dir} for the emulator.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
