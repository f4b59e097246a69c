// The messages between the PGlite worker thread (pgliteWorker.ts) and the main thread
// (pgliteDatabase.ts). Values cross by structured clone, which keeps bigints exact.

export interface WorkerSetup {
  dataDir: string;
  /** A gzipped data-folder dump to start from (first start only). */
  loadDataDir?: Uint8Array;
  schema: string;
  /** A read replica: every transaction is read-only, so a write sent there fails (25006) instead of diverging. */
  readOnly?: boolean;
}

export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params?: unknown[] }
  /** Several queries in one message (a list's page and counts): one round trip, run in order. */
  | { id: number; op: 'batch'; queries: { sql: string; params?: unknown[] }[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; commit: boolean }
  | { id: number; op: 'dump' }
  /** Copies the data folder, checkpointed and idle, to `to` (a read replica's folder). */
  | { id: number; op: 'snapshot'; to: string }
  | { id: number; op: 'close' };

/** id 0 answers the worker's start-up. */
export interface WorkerReply {
  id: number;
  value?: unknown;
  error?: { message: string; code?: string; detail?: string; position?: string; stack?: string };
}
