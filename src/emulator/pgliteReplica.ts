// A read replica of the PGlite store: a second worker thread on a copy of the data folder, so that
// reads are served while the primary worker is busy with a slow query (PGlite has one connection,
// and a query in it cannot be interleaved with another).
//
// The replica is used only while it is exact: pgliteDatabase.ts counts the writes the primary has
// completed (its generation), and sends a read here only when the copy was taken at that same
// count. A read served here is then what the primary would answer at that moment. After a write
// the replica is stale until the primary is next idle, when its folder is copied again.

import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { queryCanceled } from './errors';
import { spawnPgliteWorker, toError } from './pgliteThread';
import type { WorkerReply, WorkerRequest } from './pgliteProtocol';

type ReadOperation =
  Extract<WorkerRequest, { op: 'query' | 'batch' }> extends infer R
    ? R extends WorkerRequest
      ? Omit<R, 'id'>
      : never
    : never;

/** SELECT statements that write nothing: no sequence, no id minting, no row locks. */
export function isReadOnly(sql: string): boolean {
  return (
    /^\s*SELECT\b/i.test(sql) && !/\b(nextval|setval|vs_mint_id)\b|\bFOR\s+(UPDATE|NO\s+KEY|SHARE|KEY)\b/i.test(sql)
  );
}

export function isReadOperation(operation: {
  op: string;
  sql?: string;
  queries?: { sql: string }[];
}): operation is ReadOperation {
  if (operation.op === 'query') return isReadOnly(operation.sql!);
  return operation.op === 'batch' && operation.queries!.every((q) => isReadOnly(q.sql));
}

/**
 * Copies the data folder of a PGlite that is running a read (the first slow query, before any
 * replica exists), as a base backup would: the data files first, then the write-ahead log, then
 * pg_control. A page is written only after the log that changes it, so the log copied later covers
 * every page copied before, and the replica's recovery replays it from the last checkpoint. Nothing
 * commits meanwhile (the primary's queue is held); a checkpoint during the copy would move the
 * start of that replay, so a changed pg_control discards the copy (false): the idle copy serves.
 */
export async function copyLiveDataDir(from: string, to: string): Promise<boolean> {
  const control = path.join(from, 'global', 'pg_control');
  const before = await fs.promises.readFile(control);
  const wal = path.join(from, 'pg_wal');
  await fs.promises.rm(to, { recursive: true, force: true });
  await fs.promises.cp(from, to, { recursive: true, filter: (source) => source !== wal && source !== control });
  await fs.promises.cp(wal, path.join(to, 'pg_wal'), { recursive: true });
  const after = await fs.promises.readFile(control);
  if (!before.equals(after)) return false;
  await fs.promises.writeFile(path.join(to, 'global', 'pg_control'), after);
  return true;
}

export class PgliteReplica {
  /** The primary's write count when the folder was copied; -1 while the replica is not open. */
  generation = -1;
  private worker: Worker | undefined;
  private running:
    { id: number; resolve: (v: unknown) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly dir: string,
    private readonly schema: string,
    private readonly onLost: () => void,
  ) {}

  /** Idle and a copy of exactly the primary's committed state. */
  readyAt(generation: number): boolean {
    return this.worker !== undefined && !this.running && this.generation === generation;
  }

  /** Opens the worker on the freshly copied folder, taken at the primary's `generation`. */
  async open(generation: number): Promise<void> {
    const worker = await spawnPgliteWorker({ dataDir: this.dir, schema: this.schema, readOnly: true });
    this.worker = worker;
    this.generation = generation;
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (e) => this.lose(e));
  }

  /** Runs one read; past the deadline it is answered 57014 and the replica is stopped. */
  run(operation: ReadOperation, deadlineMs: number | undefined): Promise<unknown> {
    const worker = this.worker!;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer =
        deadlineMs === undefined ? undefined : setTimeout(() => this.lose(queryCanceled(deadlineMs)), deadlineMs);
      this.running = { id, resolve, reject, timer };
      worker.postMessage({ ...operation, id } as WorkerRequest);
    });
  }

  /** Resolves once no read is running here (before the folder is replaced). */
  idle(): Promise<void> {
    return this.running ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  /** Stops the worker; the folder stays until close. */
  async stop(reason = new Error('The read replica was stopped.')): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.generation = -1;
    this.finish(reason);
    await worker?.terminate();
  }

  async close(): Promise<void> {
    await this.stop(new Error("The emulator's database was closed."));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private settle(reply: WorkerReply): void {
    if (this.running?.id !== reply.id) return;
    this.finish(reply.error ? toError(reply.error) : undefined, reply.value);
  }

  /** A deadline passed or the worker failed: the read fails, the replica is gone until copied again. */
  private lose(reason: Error): void {
    void this.stop(reason);
    this.onLost();
  }

  private finish(error: Error | undefined, value?: unknown): void {
    const running = this.running;
    this.running = undefined;
    if (running) {
      clearTimeout(running.timer);
      if (error) running.reject(error);
      else running.resolve(value);
    }
    for (const wake of this.idleWaiters.splice(0)) wake();
  }
}
