// PGlite behind a worker thread, with a deadline on every query. PGlite runs PostgreSQL in
// WebAssembly on the thread that calls it and cannot be interrupted there (statement_timeout has no
// timer in WASM), so it lives in a worker (pgliteWorker.ts). A query past its deadline is answered
// 57014, the worker is terminated, and a new one opens the same data folder (PostgreSQL's recovery
// keeps every committed transaction); requests behind the slow one are then served as usual.
//
// PGlite has one connection, so operations run one at a time from a queue here: while a
// transaction is open only its own queries run, as PGlite's own lock would have it. Reads queued
// while that one connection is busy (a slow query, or a worker reopening after a cancelled one)
// go to a read replica (pgliteReplica.ts) when its copy is exactly the primary's state.

import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { queryCanceled } from './errors';
import { toParams, type Database, type Queryable, type Row } from './database';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './pgliteProtocol';
import { spawnPgliteWorker, toError } from './pgliteThread';
import { copyLiveDataDir, isReadOperation, PgliteReplica } from './pgliteReplica';
import { makeScratchDir, removeStaleScratchDirs } from './scratchDir';

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

/** The replica is copied again once the primary has had no write for this long. */
const REPLICA_REFRESH_DELAY_MS = 1_000;
/**
 * An operation that held the primary this long while a read waited behind it shows that a replica
 * would help: one is made. Not a read's wait alone: on a loaded machine many quick gets in flight
 * also wait that long, and a replica made then only costs them a copy.
 */
const SLOW_OPERATION_MS = 1_000;

type Operation = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  operation: Operation;
  /** The transaction the operation belongs to (a begin names the one it opens); null outside one. */
  tx: number | null;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  /** Taken for a read, refused by the read-only replica: a write, which only the primary runs. */
  write?: boolean;
}

export async function openPglite(options: PgliteOpenOptions): Promise<PgliteDatabase> {
  // Folders left by emulators killed with SIGKILL (which cannot clean up) go first.
  removeStaleScratchDirs();
  const scratch = options.dataDir === undefined ? makeScratchDir() : undefined;
  const db = new PgliteDatabase(options.dataDir ?? path.join(scratch!, 'data'), options.schema, scratch);
  db.deadlineMs = options.deadlineMs;
  try {
    await db.start(options.loadDataDir ? new Uint8Array(await options.loadDataDir.arrayBuffer()) : undefined);
  } catch (e) {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
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
  private running:
    { pending: Pending; id: number; timer?: NodeJS.Timeout; slowTimer?: NodeJS.Timeout; startedAt: number } | undefined;
  private openTx: number | null = null;
  /** Transactions lost with a terminated worker: their remaining operations fail at once. */
  private readonly lostTx = new Set<number>();
  private nextId = 1;
  private nextTx = 1;
  private closed = false;
  /** Writes completed by the primary: a replica copied at another count is stale. */
  private generation = 0;
  private replica: PgliteReplica | undefined;
  private replicaAllowed = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  /** Set while the first replica's folder is copied from the running primary: nothing new starts there. */
  private holdPrimary: Promise<unknown> | undefined;

  /** `scratch`, when given, is this store's temporary folder, removed on close. */
  constructor(
    private readonly dataDir: string,
    private readonly schema: string,
    private scratch?: string,
  ) {}

  /**
   * From now on, once a read has had to wait for the busy primary, reads queued while it is busy
   * are served by a read replica (pgliteReplica.ts). Allowed after seeding, which would only copy
   * data about to change; made on first need, so that a store without slow queries pays nothing.
   */
  allowReadReplica(): void {
    this.replicaAllowed = true;
  }

  /** Whether a read replica has been made (after a slow query held up a read). */
  get hasReadReplica(): boolean {
    return this.replica !== undefined;
  }

  private makeReplica(): PgliteReplica | undefined {
    if (this.replica || this.closed || !this.replicaAllowed) return this.replica;
    this.scratch ??= makeScratchDir();
    this.replica = new PgliteReplica(path.join(this.scratch, 'replica'), this.schema, () => this.scheduleRefresh());
    this.scheduleRefresh();
    return this.replica;
  }

  /** Starts a worker on the data folder; the first start may load a dump into it. */
  start(loadDataDir?: Uint8Array): Promise<void> {
    const setup: WorkerSetup = { dataDir: this.dataDir, loadDataDir, schema: this.schema };
    this.starting = spawnPgliteWorker(setup).then(
      (worker) => {
        this.starting = undefined;
        if (this.closed) {
          // Closed while this worker was starting (after a cancelled query): it is not needed.
          void worker.terminate();
          return;
        }
        this.worker = worker;
        worker.on('message', (r: WorkerReply) => this.settle(r));
        worker.on('error', (e) => this.lose(e));
        // An exit we did not ask for (a WASM abort can end the thread without an 'error').
        worker.on('exit', (code) => {
          if (this.worker === worker && !this.closed) this.lose(new Error(`The PGlite worker stopped (exit ${code}).`));
        });
        this.pump();
        this.scheduleRefresh();
      },
      (e: Error) => {
        this.starting = undefined;
        throw e;
      },
    );
    return this.starting;
  }

  async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.enqueue({ op: 'query', sql, params: toParams(params) }, null)) as T[];
  }

  async queryMany(queries: { sql: string; params?: unknown[] }[]): Promise<Row[][]> {
    return (await this.enqueue(
      { op: 'batch', queries: queries.map((q) => ({ sql: q.sql, params: toParams(q.params) })) },
      null,
    )) as Row[][];
  }

  async exec(sql: string): Promise<void> {
    await this.enqueue({ op: 'exec', sql }, null);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const tx = this.nextTx++;
    await this.enqueue({ op: 'begin' }, tx);
    try {
      const result = await fn({
        query: async <R extends Row>(sql: string, params?: unknown[]) =>
          (await this.enqueue({ op: 'query', sql, params: toParams(params) }, tx)) as R[],
      });
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

  /** Makes the read replica if there is none yet, and resolves once it holds the current data (tests). */
  async replicaCurrent(): Promise<void> {
    const replica = this.makeReplica();
    if (!replica) throw new Error('This store allows no read replica.');
    while (!this.closed && replica.generation !== this.generation) {
      await (this.refreshing ?? this.refreshReplica());
    }
  }

  /** Closes PGlite cleanly when it is idle; a query still running (or a restart) is cut short. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.worker && !this.running) await this.enqueue({ op: 'close' }, null).catch(() => undefined);
    this.closed = true;
    clearTimeout(this.refreshTimer);
    const stopped = new Error("The emulator's database was closed.");
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.pending.reject(stopped);
      this.running = undefined;
    }
    for (const p of this.queue.splice(0)) p.reject(stopped);
    await this.refreshing?.catch(() => undefined);
    await Promise.all([this.worker?.terminate(), this.replica?.close()]);
    if (this.scratch) fs.rmSync(this.scratch, { recursive: true, force: true });
  }

  private enqueue(operation: Operation, tx: number | null): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("The emulator's database is closed."));
    if (tx !== null && this.lostTx.has(tx)) {
      if (operation.op === 'end') this.lostTx.delete(tx);
      return operation.op === 'end' && !operation.commit
        ? Promise.resolve(null)
        : Promise.reject(queryCanceled(this.deadlineMs));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ operation, tx, resolve, reject });
      this.pump();
      this.considerLiveReplica();
    });
  }

  private pump(): void {
    this.pumpPrimary();
    this.pumpReplica();
  }

  /** Sends the next runnable operation to the worker, if it is idle. */
  private pumpPrimary(): void {
    if (this.running || !this.worker || this.starting || this.holdPrimary) return;
    const next = this.queue.findIndex((p) =>
      this.openTx === null ? p.tx === null || p.operation.op === 'begin' : p.tx === this.openTx,
    );
    if (next < 0) return;
    const [pending] = this.queue.splice(next, 1) as [Pending];
    if (pending.operation.op === 'begin') this.openTx = pending.tx;
    const id = this.nextId++;
    const limited = this.deadlineMs !== undefined && ['query', 'batch', 'exec'].includes(pending.operation.op);
    const timer = limited ? setTimeout(() => this.cancel(id), this.deadlineMs) : undefined;
    // A read still running after SLOW_OPERATION_MS may warrant the first replica (considerLiveReplica).
    const slowTimer =
      this.replicaAllowed && !this.replica && isReadOperation(pending.operation)
        ? setTimeout(() => this.considerLiveReplica(), SLOW_OPERATION_MS)
        : undefined;
    this.running = { pending, id, timer, slowTimer, startedAt: performance.now() };
    this.worker.postMessage({ ...pending.operation, id } as WorkerRequest);
  }

  /**
   * The primary is busy: the first queued read outside a transaction goes to the replica, if that
   * is idle and current. It reads exactly what the primary holds: no write completed since the copy.
   */
  private pumpReplica(): void {
    const replica = this.replica;
    if (!replica?.readyAt(this.generation)) return;
    const next = this.queue.findIndex((p) => p.tx === null && !p.write && isReadOperation(p.operation));
    if (next < 0) return;
    const [pending] = this.queue.splice(next, 1) as [Pending];
    replica
      .run(pending.operation as Parameters<PgliteReplica['run']>[0], this.deadlineMs)
      .then(pending.resolve, (e: Error & { code?: string }) => {
        // A write after all (read_only_sql_transaction): the primary runs it, and counts it.
        if (e.code === '25006') this.queue.unshift({ ...pending, write: true });
        else pending.reject(e);
      })
      .finally(() => this.pump());
  }

  private settle(reply: WorkerReply): void {
    const running = this.running;
    if (!running || running.id !== reply.id) return;
    clearTimeout(running.timer);
    clearTimeout(running.slowTimer);
    this.running = undefined;
    this.noteHeldReads(running.startedAt);
    const { operation } = running.pending;
    if (operation.op === 'end') this.openTx = null;
    // Counted before the answer goes out, so that a read sent after it never meets a stale copy.
    if (running.pending.write || mayWrite(operation)) this.wrote();
    if (reply.error) running.pending.reject(toError(reply.error));
    else running.pending.resolve(reply.value);
    this.pump();
  }

  /** A slow operation has just held up reads: from now on a replica serves them. */
  private noteHeldReads(startedAt: number): void {
    if (this.replica || performance.now() - startedAt < SLOW_OPERATION_MS) return;
    if (this.queue.some((p) => p.tx === null && isReadOperation(p.operation))) this.makeReplica();
  }

  /**
   * The first slow query need not hold the reads behind it until it ends: while the primary runs a
   * read (outside a transaction) for SLOW_OPERATION_MS with a read waiting, the first replica is
   * made from a copy of the live folder (copyLiveDataDir), rather than from an idle one later.
   */
  private considerLiveReplica(): void {
    const running = this.running;
    if (this.replica || this.closed || !this.replicaAllowed || !running || !this.runsRead()) return;
    if (performance.now() - running.startedAt < SLOW_OPERATION_MS) return;
    if (!this.queue.some((p) => p.tx === null && isReadOperation(p.operation))) return;
    this.scratch ??= makeScratchDir();
    const replica = new PgliteReplica(path.join(this.scratch, 'replica'), this.schema, () => this.scheduleRefresh());
    this.replica = replica;
    this.refreshing = (async () => {
      try {
        // Up to three copies, each only while the primary still runs a read outside a transaction.
        for (let attempt = 1; attempt <= 3 && !this.closed && this.runsRead(); attempt++) {
          const copiedAt = this.generation;
          const copied = copyLiveDataDir(this.dataDir, replica.dir);
          this.holdPrimary = copied;
          try {
            if (!(await copied)) {
              console.error(
                `vensoft emulator: a checkpoint ran while the replica's folder was copied (${attempt} of 3).`,
              );
              continue;
            }
          } finally {
            this.holdPrimary = undefined;
            this.pump();
          }
          // Nothing committed since copiedAt: the queue was held, and what ran was a read.
          if (!this.closed) await replica.open(copiedAt);
          break;
        }
      } catch (e) {
        console.error(`vensoft emulator: the read replica could not be made (${(e as Error).message}).`);
      } finally {
        this.refreshing = undefined;
      }
      if (this.closed) await replica.stop();
      this.pump();
      this.scheduleRefresh();
    })();
  }

  /** The primary runs a read outside a transaction: its folder may be copied for the replica. */
  private runsRead(): boolean {
    const running = this.running;
    return !!running && !running.pending.write && isReadOperation(running.pending.operation) && this.openTx === null;
  }

  private wrote(): void {
    this.generation++;
    this.scheduleRefresh();
  }

  /** Copies the data to the replica again once the primary has had no write for a while. */
  private scheduleRefresh(): void {
    if (!this.replica || this.closed || this.replica.generation === this.generation) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(
      () =>
        void this.refreshReplica().catch((e: Error) => {
          console.error(
            `vensoft emulator: the read replica could not be refreshed (reads wait for the primary meanwhile): ${e.message}`,
          );
        }),
      REPLICA_REFRESH_DELAY_MS,
    );
    this.refreshTimer.unref();
  }

  /** Stops the replica, copies the primary's folder (in the primary's queue order), reopens it. */
  private refreshReplica(): Promise<void> {
    const replica = this.replica!;
    clearTimeout(this.refreshTimer);
    this.refreshing ??= (async () => {
      try {
        await replica.idle();
        await replica.stop();
        let copiedAt = -1;
        await this.enqueue({ op: 'snapshot', to: replica.dir }, null).then(() => (copiedAt = this.generation));
        if (!this.closed) await replica.open(copiedAt);
        if (this.closed) await replica.stop();
      } finally {
        this.refreshing = undefined;
      }
      this.pump();
      this.scheduleRefresh();
    })();
    return this.refreshing;
  }

  /** The running query passed its deadline: answer 57014, stop the worker, open the data again. */
  private cancel(id: number): void {
    if (this.running?.id !== id) return;
    this.replaceWorker(queryCanceled(this.deadlineMs));
  }

  /** The worker failed or ended on its own (a WASM abort): the running operation fails, a new one starts. */
  private lose(e: Error): void {
    this.replaceWorker(e);
  }

  private replaceWorker(reason: Error): void {
    const running = this.running;
    this.running = undefined;
    clearTimeout(running?.slowTimer);
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (running) {
      clearTimeout(running.timer);
      this.noteHeldReads(running.startedAt);
      // A write cut short may or may not have committed: the replica's copy is not trusted.
      if (running.pending.write || mayWrite(running.pending.operation)) this.wrote();
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
    // Reads go on at the replica while the primary reopens.
    this.pumpReplica();
    const reopen = (): void =>
      void this.start().catch((e: Error) => {
        if (this.closed) return; // closed meanwhile, its folder maybe removed: nothing to reopen
        // The data folder cannot be opened again: every waiting operation fails with the reason.
        for (const p of this.queue.splice(0)) p.reject(e);
        console.error(`vensoft emulator: cannot reopen the database after a cancelled query: ${e.message}`);
      });
    // A new worker recovers the folder: not while it is being copied for the replica.
    if (!this.holdPrimary) reopen();
    else void this.holdPrimary.catch(() => undefined).then(() => this.closed || reopen());
  }
}

/** Whether an operation can change the committed data (a transaction's writes count at commit). */
function mayWrite(operation: Operation): boolean {
  switch (operation.op) {
    case 'exec':
      return true;
    case 'end':
      return operation.commit;
    case 'query':
    case 'batch':
      return !isReadOperation(operation);
    default:
      return false;
  }
}
