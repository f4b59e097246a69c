// PGlite's read replica (src/emulator/pgliteReplica.ts): which statements it may take, and that a
// statement taken for a read that does write is refused there and run by the primary instead, so
// the copy never changes and the write is not lost. Serving reads while a query is slow is tested
// over HTTP on both engines in emulator.hardening.test.ts.

import assert from 'node:assert/strict';
import { isReadOnly } from '../../src/emulator/pgliteReplica';
import { PgliteDatabase } from '../../src/emulator/pgliteDatabase';
import { startEmulator, type TestEmulator } from '../support/emulator';

describe('emulator PGlite read replica', function () {
  this.timeout(180_000);

  it('takes only SELECTs that write nothing', () => {
    for (const sql of ['SELECT count(*) AS n FROM obj_sale WHERE NOT deleted', '  select id from vs_object'])
      assert.equal(isReadOnly(sql), true, sql);
    for (const sql of [
      'SELECT vs_mint_id() AS id',
      `SELECT nextval('vs_id_seq')`,
      'SELECT id FROM obj_container WHERE id = $1 AND NOT deleted FOR UPDATE',
      'SELECT id FROM obj_container FOR SHARE',
      'INSERT INTO vs_meta (key, value) VALUES ($1, $2)',
      'WITH d AS (DELETE FROM vs_session RETURNING 1) SELECT count(*) FROM d',
      'UPDATE vs_session SET expires = now()',
    ])
      assert.equal(isReadOnly(sql), false, sql);
  });

  describe('on a running store', () => {
    let emu: TestEmulator | undefined;
    after(() => emu?.stop());

    it('runs a statement taken for a read that writes on the primary, after the replica refused it', async function () {
      if (process.env.VENSOFT_TEST_DATABASE_URL) this.skip(); // PGlite only
      emu = await startEmulator({ queryDeadlineMs: 8_000 });
      const db = emu.emulator.db as PgliteDatabase;
      await db.replicaCurrent();
      const finished: string[] = [];
      // Holds the primary until its deadline.
      const slow = db
        .query(`SELECT count(*) FROM obj_sale WHERE price::text ~ $1`, ['(((a{1,10}){1,10}){1,10}){1,10}'])
        .then(
          () => finished.push('slow'),
          (e: { code?: string }) => finished.push(`slow ${e.code}`),
        );
      await new Promise((resolve) => setTimeout(resolve, 300));
      // lo_create writes (a large object), though the statement is a SELECT.
      const [created] = await db.query<{ oid: number }>('SELECT lo_create(0) AS oid');
      finished.push('write');
      await slow;
      assert.ok(created && Number(created.oid) > 0);
      assert.deepEqual(finished, ['slow 57014', 'write'], 'the write waited for the primary');
      const [{ n }] = (await db.query<{ n: bigint }>('SELECT count(*) AS n FROM pg_largeobject_metadata')) as [
        { n: bigint },
      ];
      assert.equal(n, 1n, 'the primary holds it');
    });

    it('opens the data again when its worker thread ends on its own, keeping every committed write', async function () {
      if (process.env.VENSOFT_TEST_DATABASE_URL) this.skip(); // PGlite only
      emu ??= await startEmulator({ queryDeadlineMs: 8_000 });
      const db = emu.emulator.db as PgliteDatabase;
      await db.exec(`CREATE TABLE IF NOT EXISTS exit_probe (n int)`);
      await db.query(`INSERT INTO exit_probe VALUES (7)`);
      // As a WASM abort would: the thread ends without an 'error' event and without our asking.
      const worker = (db as unknown as { worker: { terminate(): Promise<number> } }).worker;
      await worker.terminate();
      const rows = await db.query<{ n: number }>(`SELECT n FROM exit_probe`);
      assert.deepEqual(
        rows.map((r) => r.n),
        [7],
      );
    });
  });
});
