// PGlite behind a worker thread, with a deadline on every query. PGlite runs PostgreSQL in
// WebAssembly on the thread that calls it and cannot be interrupted there (statement_timeout has no
// timer in WASM), so it lives in a worker (pgliteWorker.ts). A query past its deadline is answered
// 57014, the worker is terminated, and a new one opens the same data folder (PostgreSQL's recovery
// keeps every committed transaction); requests behind the slow one are then served as usual.
//
// PGlite has one connection, so operations run one at a time from a queue here: while a
// transaction is open only its own queries run, as PGlite's own lock would have it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { queryCanceled } from './errors';
import { toParams, type Database, type Queryable, type Row } from './database';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './pgliteProtocol';

export interface PgliteOpenOptions {
  /** A directory to keep the data in; undefined keeps it in a temporary folder removed on close. */
  dataDir?: string;
  /** A gzipped data-dir dump to start from (skips initdb). */
  loadDataDir?: Blob;
  /** The schema the emulator's tables live in (set as search_path). */
  schema: string;
  /** Milliseconds a query may run before it is cancelled; none when undefined (seeding). */
  deadlineMs?: number;
}

// Bundled, the worker is dist/pgliteWorker.js beside dist/emulator.js; from source (tests), the .ts.
const FROM_SOURCE = __filename.endsWith('.ts');
const WORKER_FILE = path.join(__dirname, FROM_SOURCE ? 'pgliteWorker.ts' : 'pgliteWorker.js');

/** From source, the worker compiles TypeScript with tsx, as the tests themselves do. */
function sourceLoader(): string {
  return `require(require.resolve('tsx/cjs', { paths: [${JSON.stringify(__dirname)}] })); require(${JSON.stringify(WORKER_FILE)});`;
}

type Operation = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  operation: Operation;
  /** The transaction the operation belongs to (a begin names the one it opens); null outside one. */
  tx: number | null;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export async function openPglite(options: PgliteOpenOptions): Promise<PgliteDatabase> {
  const temporary = options.dataDir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-emulator-')) : undefined;
  const db = new PgliteDatabase(options.dataDir ?? temporary!, options.schema, temporary !== undefined);
  db.deadlineMs = options.deadlineMs;
  try {
    await db.start(options.loadDataDir ? new Uint8Array(await options.loadDataDir.arrayBuffer()) : undefined);
  } catch (e) {
    if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
    throw e;
  }
  return db;
}

export class PgliteDatabase implements Database {
  readonly engine = 'pglite' as const;
  /** Milliseconds any one query may run; undefined for none. */
  deadlineMs: number | undefined;
  private worker: Worker | undefined;
  private starting: Promise<void> | undefined;
  private readonly queue: Pending[] = [];
  private running: { pending: Pending; id: number; timer?: NodeJS.Timeout } | undefined;
  private openTx: number | null = null;
  /** Transactions lost with a terminated worker: their remaining operations fail at once. */
  private readonly lostTx = new Set<number>();
  private nextId = 1;
  private nextTx = 1;
  private closed = false;

  constructor(private readonly dataDir: string, private readonly schema: string, private readonly temporary: boolean) {}

  /** Starts a worker on the data folder; the first start may load a dump into it. */
  start(loadDataDir?: Uint8Array): Promise<void> {
    const setup: WorkerSetup = { dataDir: this.dataDir, loadDataDir, schema: this.schema };
    const worker = new Worker(FROM_SOURCE ? sourceLoader() : WORKER_FILE, { workerData: setup, eval: FROM_SOURCE });
    this.starting = new Promise<void>((resolve, reject) => {
      const failed = (e: Error) => {
        stopListening();
        this.starting = undefined;
        reject(e);
      };
      const exited = (code: number) => failed(new Error(`The PGlite worker stopped (exit ${code}) while opening ${this.dataDir}.`));
      // Only our own listeners: the Worker manages its message port through listeners of its own.
      const stopListening = () => {
        worker.off('error', failed);
        worker.off('exit', exited);
      };
      worker.once('error', failed);
      worker.once('exit', exited);
      worker.once('message', (reply: WorkerReply) => {
        stopListening();
        if (reply.error) {
          void worker.terminate();
          failed(toError(reply.error));
          return;
        }
        this.starting = undefined;
        if (this.closed) {
          // Closed while this worker was starting (after a cancelled query): it is not needed.
          void worker.terminate();
          resolve();
          return;
        }
        this.worker = worker;
        worker.on('message', (r: WorkerReply) => this.settle(r));
        worker.on('error', (e) => this.lose(e));
        resolve();
        this.pump();
      });
    });
    return this.starting;
  }

  async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.enqueue({ op: 'query', sql, params: toParams(params) }, null)) as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.enqueue({ op: 'exec', sql }, null);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const tx = this.nextTx++;
    await this.enqueue({ op: 'begin' }, tx);
    try {
      const result = await fn({ query: async <R extends Row>(sql: string, params?: unknown[]) => (await this.enqueue({ op: 'query', sql, params: toParams(params) }, tx)) as R[] });
      await this.enqueue({ op: 'end', commit: true }, tx);
      return result;
    } catch (e) {
      await this.enqueue({ op: 'end', commit: false }, tx).catch(() => undefined);
      throw e;
    }
  }

  async dump(): Promise<Blob> {
    return new Blob([(await this.enqueue({ op: 'dump' }, null)) as Uint8Array]);
  }

  /** Closes PGlite cleanly when it is idle; a query still running (or a restart) is cut short. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.worker && !this.running) await this.enqueue({ op: 'close' }, null).catch(() => undefined);
    this.closed = true;
    const stopped = new Error('The emulator\'s database was closed.');
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.pending.reject(stopped);
      this.running = undefined;
    }
    for (const p of this.queue.splice(0)) p.reject(stopped);
    await this.worker?.terminate();
    if (this.temporary) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private enqueue(operation: Operation, tx: number | null): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('The emulator\'s database is closed.'));
    if (tx !== null && this.lostTx.has(tx)) {
      if (operation.op === 'end') this.lostTx.delete(tx);
      return operation.op === 'end' && !operation.commit ? Promise.resolve(null) : Promise.reject(queryCanceled(this.deadlineMs));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ operation, tx, resolve, reject });
      this.pump();
    });
  }

  /** Sends the next runnable operation to the worker, if it is idle. */
  private pump(): void {
    if (this.running || !this.worker || this.starting) return;
    const next = this.queue.findIndex((p) => (this.openTx === null ? p.tx === null || p.operation.op === 'begin' : p.tx === this.openTx));
    if (next < 0) return;
    const [pending] = this.queue.splice(next, 1) as [Pending];
    if (pending.operation.op === 'begin') this.openTx = pending.tx;
    const id = this.nextId++;
    const limited = this.deadlineMs !== undefined && (pending.operation.op === 'query' || pending.operation.op === 'exec');
    const timer = limited ? setTimeout(() => this.cancel(id), this.deadlineMs) : undefined;
    this.running = { pending, id, timer };
    this.worker.postMessage({ ...pending.operation, id } as WorkerRequest);
  }

  private settle(reply: WorkerReply): void {
    const running = this.running;
    if (!running || running.id !== reply.id) return;
    clearTimeout(running.timer);
    this.running = undefined;
    if (running.pending.operation.op === 'end') this.openTx = null;
    if (reply.error) running.pending.reject(toError(reply.error));
    else running.pending.resolve(reply.value);
    this.pump();
  }

  /** The running query passed its deadline: answer 57014, stop the worker, open the data again. */
  private cancel(id: number): void {
    if (this.running?.id !== id) return;
    this.replaceWorker(queryCanceled(this.deadlineMs));
  }

  /** The worker failed on its own (a WASM abort): the running operation fails, a new worker starts. */
  private lose(e: Error): void {
    this.replaceWorker(e);
  }

  private replaceWorker(reason: Error): void {
    const running = this.running;
    this.running = undefined;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (running) {
      clearTimeout(running.timer);
      running.pending.reject(reason);
    }
    // An open transaction dies with the worker (PostgreSQL rolls it back on recovery).
    if (this.openTx !== null) {
      const lost = this.openTx;
      this.openTx = null;
      this.lostTx.add(lost);
      for (const p of this.queue.filter((q) => q.tx === lost)) {
        this.queue.splice(this.queue.indexOf(p), 1);
        if (p.operation.op === 'end') {
          this.lostTx.delete(lost);
          p.resolve(null);
        } else p.reject(queryCanceled(this.deadlineMs));
      }
    }
    if (this.closed) return;
    this.start().catch((e: Error) => {
      // The data folder cannot be opened again: every waiting operation fails with the reason.
      for (const p of this.queue.splice(0)) p.reject(e);
      console.error(`vensoft emulator: cannot reopen the database after a cancelled query: ${e.message}`);
    });
  }
}

function toError(error: NonNullable<WorkerReply['error']>): Error {
  return Object.assign(new Error(error.message), error, { stack: error.stack ?? error.message });
}
