// One emulator per data directory: PGlite aborts ("Aborted()") when two processes open the same
// files, so the second one is refused with a message that says what to do. A lock left by a
// process that no longer runs is taken over. The lock is a file beside the directory (DIR.lock),
// so the database files stay Postgres's own.
//
// The directory is named by its real path, so a symlink to it finds the same lock. The lock holds
// the owner's process id and, where the system tells it (Linux), the process's start time: a
// process id reused by an unrelated process after the owner died does not keep the lock forever.
import fs from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dir: string): DataDirLock {
  const resolved = realPath(dir);
  const file = `${resolved}.lock`;
  const mine = ownerStamp();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx' });
      return { release: () => fs.rmSync(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const stamp = fs.readFileSync(file, 'utf8');
      const owner = Number(stamp.trim().split(/\s+/)[0]);
      if (owner !== process.pid && ownerAlive(stamp)) {
        throw new Error(
          `The data in ${dir} is in use by another emulator (process ${owner}). Stop that one, or start this one with --data <another folder> or --memory.`,
          { cause: e },
        );
      }
      fs.rmSync(file, { force: true }); // left behind by a process that has ended
    }
  }
  throw new Error(`Could not lock ${dir} for the emulator.`);
}

/** The real path of dir, or of its parent when dir does not exist yet (the parent is created). */
function realPath(dir: string): string {
  const resolved = path.resolve(dir);
  if (fs.existsSync(resolved)) return fs.realpathSync(resolved);
  fs.mkdirSync(path.dirname(resolved), { recursive: true });
  return path.join(fs.realpathSync(path.dirname(resolved)), path.basename(resolved));
}

/** This process, as a lock or a temporary folder records its owner: "<pid> <start time>". */
export function ownerStamp(): string {
  return `${process.pid} ${processStartTime(process.pid) ?? ''}`.trim();
}

/** Whether the process an owner stamp names still runs (the same process, not a reused id). */
export function ownerAlive(stamp: string): boolean {
  const [pidText, started] = stamp.trim().split(/\s+/);
  const owner = Number(pidText);
  return (
    Number.isInteger(owner) &&
    owner > 0 &&
    isRunning(owner) &&
    (started === undefined || started === processStartTime(owner))
  );
}

/** The start time of a process (clock ticks since boot, from /proc), or undefined where unknown. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
