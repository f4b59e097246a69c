// Starting a PGlite worker thread (pgliteWorker.ts) and waiting until its database is open: shared
// by the primary store (pgliteDatabase.ts) and its read replica (pgliteReplica.ts).

import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerSetup } from './pgliteProtocol';

// Bundled, the worker is dist/pgliteWorker.js beside dist/emulator.js; from source (tests), the .ts.
const FROM_SOURCE = __filename.endsWith('.ts');
const WORKER_FILE = path.join(__dirname, FROM_SOURCE ? 'pgliteWorker.ts' : 'pgliteWorker.js');

/** From source, the worker compiles TypeScript with tsx, as the tests themselves do. */
function sourceLoader(): string {
  return `require(require.resolve('tsx/cjs', { paths: [${JSON.stringify(__dirname)}] })); require(${JSON.stringify(WORKER_FILE)});`;
}

/** A worker whose PGlite has opened `setup.dataDir`; rejects with the reason when it cannot. */
export function spawnPgliteWorker(setup: WorkerSetup): Promise<Worker> {
  const worker = new Worker(FROM_SOURCE ? sourceLoader() : WORKER_FILE, { workerData: setup, eval: FROM_SOURCE });
  return new Promise<Worker>((resolve, reject) => {
    const failed = (e: Error) => {
      stopListening();
      void worker.terminate();
      reject(e);
    };
    const exited = (code: number) =>
      failed(new Error(`The PGlite worker stopped (exit ${code}) while opening ${setup.dataDir}.`));
    // Only our own listeners: the Worker manages its message port through listeners of its own.
    const stopListening = () => {
      worker.off('error', failed);
      worker.off('exit', exited);
    };
    worker.once('error', failed);
    worker.once('exit', exited);
    worker.once('message', (reply: WorkerReply) => {
      if (reply.error) return failed(toError(reply.error));
      stopListening();
      resolve(worker);
    });
  });
}

/** An error from the worker, rebuilt with its SQLSTATE and position fields. */
export function toError(error: NonNullable<WorkerReply['error']>): Error {
  return Object.assign(new Error(error.message), error, { stack: error.stack ?? error.message });
}
