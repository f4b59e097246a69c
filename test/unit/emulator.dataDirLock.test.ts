// The data-folder lock: one emulator per folder whatever path names it (symlinks included), and a
// lock whose process id now belongs to another process (reused after the owner died) is taken over.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lockDataDir, processStartTime } from '../../src/emulator/dataDirLock';

describe('emulator data-folder lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the lock through a symlink to the folder, and through a symlinked parent', () => {
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    fs.symlinkSync(data, path.join(dir, 'alias'));
    fs.symlinkSync(dir, path.join(dir, 'parent-alias'));
    // The folder is locked by a live emulator that is not this process (here: the runner's parent).
    fs.writeFileSync(`${fs.realpathSync(data)}.lock`, `${process.ppid} ${processStartTime(process.ppid) ?? ''}`.trim());
    assert.throws(() => lockDataDir(path.join(dir, 'alias')), /in use by another emulator/);
    assert.throws(() => lockDataDir(path.join(dir, 'parent-alias', 'data')), /in use by another emulator/);
  });

  it('takes over a lock whose process id now names a process started at another time', function () {
    if (processStartTime(process.ppid) === undefined) this.skip(); // no /proc: process start times unknown here
    const data = path.join(dir, 'data');
    // A live process id (the runner's parent) with a start time that is not its own: the owner died
    // and the id was reused.
    fs.writeFileSync(`${data}.lock`, `${process.ppid} 1`);
    const lock = lockDataDir(data);
    assert.equal(fs.readFileSync(`${data}.lock`, 'utf8'), `${process.pid} ${processStartTime(process.pid)}`);
    lock.release();
    assert.equal(fs.existsSync(`${data}.lock`), false);
  });
});
