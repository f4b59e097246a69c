// A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temporary folder, start
// on a free loopback port, and remove everything on stop. Uses Debian's `postgresql` package
// (installed by .ci/run, or by this script when run as root with apt-get available).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from '../src/freePort.mjs';
import os from 'node:os';
import path from 'node:path';

function findPgBin() {
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const majors = fs
      .readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const bin = path.join(root, major, 'bin');
      if (fs.existsSync(path.join(bin, 'initdb'))) return bin;
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? path.dirname(which.stdout.trim()) : undefined;
}

/** Finds PostgreSQL's binaries, installing Debian's package when we may; throws with instructions otherwise. */
export function ensurePostgres() {
  let bin = findPgBin();
  if (!bin && process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    console.log("PostgreSQL is not installed: installing Debian's postgresql package…");
    execFileSync(
      'sh',
      [
        '-c',
        '(apt-get install -y -q postgresql || (apt-get update -q && apt-get install -y -q postgresql)) >/dev/null',
      ],
      { stdio: 'inherit' },
    );
    bin = findPgBin();
  }
  if (!bin)
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them (Debian/Ubuntu: sudo apt-get install postgresql) and run the tests again.',
    );
  return bin;
}

export async function startThrowawayPostgres() {
  const bin = ensurePostgres();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  // initdb refuses to run as root: run the server as the postgres user then.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd, args) => {
    const full = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]]
      : [path.join(bin, cmd), args];
    const result = spawnSync(full[0], full[1], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
  };
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    'start',
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
