// The worker thread that owns PGlite. PGlite runs PostgreSQL in WebAssembly on the thread that
// calls it, and a long query (a pathological regular expression) never yields: in the server's
// own thread it would stop every request, and statement_timeout has no timer to fire in WASM. Here
// it can be stopped: the main thread (pgliteDatabase.ts) terminates this worker at a query's
// deadline and starts another on the same data folder. One operation runs at a time; the main
// thread queues them.

import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { TYPE_PARSERS } from './database';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './pgliteProtocol';

const ROLLBACK = Symbol('rollback');

async function main(setup: WorkerSetup): Promise<void> {
  const port = parentPort!;
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      dataDir: setup.dataDir,
      loadDataDir: setup.loadDataDir ? new Blob([setup.loadDataDir]) : undefined,
      parsers: { ...TYPE_PARSERS, [types.INT8]: TYPE_PARSERS[20]! },
    });
    await pg.exec(`SET TIME ZONE 'UTC'; SET search_path TO ${setup.schema}`);
    if (setup.readOnly) await pg.exec('SET default_transaction_read_only = on');
    // The first queries of a fresh PGlite pay for cold catalog caches: seconds on a loaded machine,
    // enough to pass a query's deadline right after a cancelled query reopened the data. One read
    // per table here, before any deadline runs, keeps them out of the requests.
    const tables = await pg.query<{ name: string }>(
      `SELECT quote_ident(relname) AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'`,
    );
    for (const { name } of tables.rows) await pg.query(`SELECT * FROM ${name} LIMIT 1`);
  } catch (e) {
    port.postMessage({ id: 0, error: serialiseError(e) } satisfies WorkerReply);
    return;
  }
  port.postMessage({ id: 0, value: null } satisfies WorkerReply);

  // The open transaction, if any: its callback waits for the main thread's commit or rollback.
  let open: { tx: Transaction; end: (commit: boolean) => void; done: Promise<unknown> } | undefined;

  const run = async (req: WorkerRequest): Promise<unknown> => {
    switch (req.op) {
      case 'query':
        return (await (open?.tx ?? pg).query(req.sql, req.params)).rows;
      case 'batch': {
        const results: unknown[] = [];
        for (const q of req.queries) results.push((await (open?.tx ?? pg).query(q.sql, q.params)).rows);
        return results;
      }
      case 'exec':
        await (open?.tx ?? pg).exec(req.sql);
        return null;
      case 'begin': {
        let end!: (commit: boolean) => void;
        const ended = new Promise<boolean>((resolve) => (end = resolve));
        let started!: (tx: Transaction) => void;
        const tx = new Promise<Transaction>((resolve) => (started = resolve));
        const done = pg.transaction(async (t) => {
          started(t);
          if (!(await ended)) throw ROLLBACK;
        });
        // A transaction that fails to start rejects `done` before `tx` resolves.
        open = {
          tx: await Promise.race([
            tx,
            done.then(() => {
              throw new Error('the transaction ended before it began');
            }),
          ]),
          end,
          done,
        };
        return null;
      }
      case 'end': {
        const current = open!;
        open = undefined;
        current.end(req.commit);
        await current.done.catch((e: unknown) => {
          if (e !== ROLLBACK) throw e;
        });
        return null;
      }
      case 'dump': {
        const blob = (await pg.dumpDataDir('gzip')) as Blob;
        return new Uint8Array(await blob.arrayBuffer());
      }
      case 'snapshot':
        // Nothing runs in PGlite while this copies (one operation at a time), and after a
        // checkpoint the files need no recovery when the replica opens them.
        await pg.exec('CHECKPOINT');
        fs.rmSync(req.to, { recursive: true, force: true });
        fs.cpSync(setup.dataDir, req.to, { recursive: true });
        return null;
      case 'close':
        await pg.close();
        return null;
    }
  };

  port.on('message', (req: WorkerRequest) => {
    run(req).then(
      (value) => port.postMessage({ id: req.id, value } satisfies WorkerReply),
      (e: unknown) => port.postMessage({ id: req.id, error: serialiseError(e) } satisfies WorkerReply),
    );
  });
}

/** Errors cross the thread boundary as plain data: message, SQLSTATE and the position fields. */
function serialiseError(e: unknown): WorkerReply['error'] {
  const err = e as { message?: string; code?: string; detail?: string; position?: string; stack?: string };
  return {
    message: err?.message ?? String(e),
    code: err?.code,
    detail: err?.detail,
    position: err?.position,
    stack: err?.stack,
  };
}

void main(workerData as WorkerSetup);
