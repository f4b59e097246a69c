// The emulator as a command: its options, the line it prints when ready, a clean shutdown on
// SIGTERM/SIGINT, and data (and sessions) that survive a restart.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ACCOUNTS, login, wire } from '../support/http';
import type { JsonObject } from '../../src/core/json';

const MAIN = path.join(__dirname, '..', '..', 'src', 'emulator', 'main.ts');
const node = (args: string[]) => [process.execPath, ['--import', 'tsx', MAIN, ...args]] as const;

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function start(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Running> {
  const [cmd, argv] = node(args);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    const check = setInterval(() => {
      const m = /^Vensoft emulator listening on (http:\/\/127\.0\.0\.1:\d+\/stable\/)$/m.exec(out);
      if (m) {
        clearInterval(check);
        resolve({ child, url: m[1]!, output: () => out });
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(check);
      reject(new Error(`exited with ${code} before listening:\n${out}`));
    });
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('emulator command line', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints its options with --help, and refuses unknown ones with the usage', () => {
    const [cmd, help] = node(['--help']);
    const ok = spawnSync(cmd, help, { encoding: 'utf8' });
    assert.equal(ok.status, 0);
    for (const option of ['--port', '--host', '--data', '--memory', '--seed', '--database-url', '--session-ttl'])
      assert.match(ok.stdout, new RegExp(option));
    const [cmd2, bad] = node(['--prot', '8787']);
    const refused = spawnSync(cmd2, bad, { encoding: 'utf8' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /Unknown option --prot/);
    const [cmd3, seed] = node(['--seed', 'huge']);
    assert.match(spawnSync(cmd3, seed, { encoding: 'utf8' }).stderr, /--seed must be demo, empty or large:N/);
  });

  it('keeps data and sessions in --data across a restart, and stops cleanly on SIGTERM and SIGINT', async () => {
    const data = path.join(dir, 'data');
    const first = await start(['--port', '0', '--data', data, '--seed', 'empty']);
    const key = await login(first.url, ...ACCOUNTS.demo);
    const created = await wire(first.url, 'create/container/', {
      sessionKey: key,
      raw: '{"name": "Survives restarts"}',
    });
    assert.equal(created.status, 200, created.text);
    const id = (created.body as JsonObject).id as bigint;
    first.child.kill('SIGTERM');
    assert.equal(await exitOf(first.child), 0, first.output());

    const second = await start(['--port', '0', '--data', data]);
    assert.match(second.output(), /Using the data in/);
    const again = await wire(second.url, `get/container/${id}/`, { sessionKey: key });
    assert.equal(again.status, 200, 'the object and the session key both survived the restart');
    assert.equal(((again.body as JsonObject).definition as JsonObject).name, 'Survives restarts');
    second.child.kill('SIGINT');
    assert.equal(await exitOf(second.child), 0, second.output());
  });

  it('removes at its next start the temporary folder of an emulator killed with SIGKILL, and only such folders', async () => {
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const env = { ...process.env, TMPDIR: tmp };
    const folders = () =>
      fs
        .readdirSync(tmp)
        .filter((n) => n.startsWith('vensoft-emulator-'))
        .sort();
    const killed = await start(['--port', '0', '--memory', '--seed', 'empty'], env);
    const [left] = folders();
    assert.ok(left, 'a --memory emulator keeps its data in a temporary folder');
    killed.child.kill('SIGKILL');
    await exitOf(killed.child);
    assert.deepEqual(folders(), [left], 'SIGKILL gives the emulator no chance to remove it');
    // A folder of an older emulator (no owner file) cannot be told from a live one: it stays.
    fs.mkdirSync(path.join(tmp, 'vensoft-emulator-older'));
    const live = await start(['--port', '0', '--memory', '--seed', 'empty'], env);
    const [own, ...others] = folders().filter((n) => n !== 'vensoft-emulator-older');
    assert.ok(
      own && own !== left && others.length === 0,
      `the next start removed the killed emulator's folder: ${folders().join(', ')}`,
    );
    const next = await start(['--port', '0', '--memory', '--seed', 'empty'], env);
    try {
      assert.ok(folders().includes(own), "a live emulator's folder stays when another starts");
      assert.ok(folders().includes('vensoft-emulator-older'));
    } finally {
      for (const e of [live, next]) {
        e.child.kill('SIGTERM');
        assert.equal(await exitOf(e.child), 0, e.output());
      }
    }
    assert.deepEqual(folders(), ['vensoft-emulator-older'], 'a clean stop removes its own folder');
  });

  it('says clearly when the port is taken', async () => {
    const first = await start(['--port', '0', '--memory', '--seed', 'empty']);
    try {
      const port = new URL(first.url).port;
      const [cmd, argv] = node(['--port', port, '--memory', '--seed', 'empty']);
      const second = spawnSync(cmd, argv, { encoding: 'utf8' });
      assert.equal(second.status, 1);
      assert.match(second.stderr, new RegExp(`Port ${port} on 127.0.0.1 is in use.*--port 0`));
    } finally {
      first.child.kill('SIGTERM');
      await exitOf(first.child);
    }
  });

  it('refuses a second emulator on the same --data, and takes over a lock its owner left behind', async () => {
    const data = path.join(dir, 'data');
    const first = await start(['--port', '0', '--data', data, '--seed', 'empty']);
    try {
      const [cmd, argv] = node(['--port', '0', '--data', data, '--seed', 'empty']);
      const second = spawnSync(cmd, argv, { encoding: 'utf8' });
      assert.equal(second.status, 1);
      assert.match(
        second.stderr,
        new RegExp(`data in .*data is in use by another emulator \\(process ${first.child.pid}\\).*--memory`),
      );
    } finally {
      first.child.kill('SIGTERM');
      await exitOf(first.child);
    }
    assert.equal(fs.existsSync(`${data}.lock`), false, 'a clean stop leaves no lock');
    fs.writeFileSync(`${data}.lock`, '999999999'); // a process that does not exist
    const again = await start(['--port', '0', '--data', data, '--seed', 'empty']);
    again.child.kill('SIGKILL');
    await exitOf(again.child);
  });

  it('refuses a data dir made by another schema version, suggesting --reset', async () => {
    const data = path.join(dir, 'data');
    const first = await start(['--port', '0', '--data', data, '--seed', 'empty']);
    first.child.kill('SIGTERM');
    await exitOf(first.child);
    // Simulate an older emulator's data by changing the recorded schema version.
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = await PGlite.create({ dataDir: data });
    await pg.exec(`UPDATE vensoft_emulator.vs_meta SET value = 'older' WHERE key = 'schema_version'`);
    await pg.close();
    const [cmd, argv] = node(['--port', '0', '--data', data]);
    const refused = spawnSync(cmd, argv, { encoding: 'utf8' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /different emulator version.*--reset/);
    const reset = await start(['--port', '0', '--data', data, '--seed', 'empty', '--reset']);
    reset.child.kill('SIGTERM');
    assert.equal(await exitOf(reset.child), 0);
  });
});
