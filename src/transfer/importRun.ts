// The import's two passes over the file, a page of rows at a time: the preview plans every row
// (one getmany per page for the current values) and keeps counts and the first entries of each kind;
// the run plans each page again against fresh values and sends exactly that, through the session's
// client, writing every row that did not go through to the file of failed rows.
import * as fs from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { describeError } from '../core/errors';
import { stringifyJson, type JsonObject, type JsonValue } from '../core/json';
import {
  addToSummary,
  convertRow,
  emptySummary,
  idsOf,
  planRow,
  REASON_COLUMN,
  updateDefinition,
  type ColumnMapping,
  type PlanContext,
  type PlanEntry,
  type PlanSummary,
  type SourceRow,
} from '../core/importPlan';
import type { TransferSchema } from '../core/transferSchema';
import { readRows, type SourceOptions } from './sourceFile';

/** What an import asks of the session: reads for the plan, and the writes (the client's own methods). */
export interface ImportClient {
  getMany(type: string, ids: bigint[], signal: AbortSignal): Promise<Array<{ id: bigint; definition: JsonObject }>>;
  create(type: string, definition: JsonObject, signal: AbortSignal): Promise<unknown>;
  update(type: string, id: bigint, definition: JsonObject, signal: AbortSignal): Promise<unknown>;
}

export interface ImportRequest {
  path: string;
  source: SourceOptions;
  columns: string[];
  schema: TransferSchema;
  mapping: ColumnMapping;
  context: Omit<PlanContext, 'current' | 'schema'>;
  pageSize: number;
}

/** Each page of rows with its plan, against the server's values as they are now; after a cancel, unplanned. */
async function* plannedPages(
  request: ImportRequest,
  client: ImportClient,
  signal: AbortSignal,
): AsyncGenerator<Array<{ row: SourceRow; entry?: PlanEntry }>> {
  const { schema, mapping, source } = request;
  let page: SourceRow[] = [];
  const plan = async () => {
    const rows = page;
    page = [];
    if (signal.aborted) return rows.map((row) => ({ row }));
    const converted = rows.map((row) => convertRow(row, mapping, schema, source.format));
    const ids = idsOf(converted);
    const current = new Map(
      ids.length ? (await client.getMany(schema.type, ids, signal)).map((o) => [o.id, o.definition]) : [],
    );
    const context: PlanContext = { ...request.context, schema, current };
    return rows.map((row, k) => ({ row, entry: planRow(converted[k]!, context) }));
  };
  for await (const item of readRows(request.path, source)) {
    if (Array.isArray(item)) continue;
    page.push(item);
    if (page.length >= request.pageSize) yield await plan();
  }
  if (page.length) yield await plan();
}

/** Plans the whole file without writing anything; `progress` after each page (rows read so far). */
export async function previewImport(
  request: ImportRequest,
  client: ImportClient,
  progress: (rows: number) => void,
  signal: AbortSignal,
): Promise<PlanSummary> {
  const summary = emptySummary();
  for await (const planned of plannedPages(request, client, signal)) {
    if (signal.aborted) break;
    addToSummary(
      summary,
      planned.map((p) => p.entry!),
    );
    progress(summary.rows);
  }
  return summary;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows refused by the plan or by the server, and rows not reached after a cancel. */
  failed: number;
  cancelled: boolean;
  /** The file of failed rows (same format, with a reason), when there were any. */
  failedFile?: string;
}

/** The file of failed rows, written as they come: the source's columns and format, plus the reason. */
class FailedRows {
  private out: fs.WriteStream | undefined;
  private csv: ReturnType<typeof stringify> | undefined;
  count = 0;

  constructor(
    readonly path: string,
    private readonly request: ImportRequest,
  ) {}

  async add(row: SourceRow, reason: string): Promise<void> {
    const { format, separator } = this.request.source;
    const text = `line ${row.line}: ${reason}`;
    if (!this.out) {
      this.out = fs.createWriteStream(this.path);
      if (format === 'json') this.out.write('[');
      if (format === 'csv') {
        // UTF-8 with a BOM, so that a spreadsheet reads it as UTF-8 whatever the source was.
        this.csv = stringify({ bom: true, delimiter: separator, record_delimiter: 'windows' });
        this.csv.pipe(this.out);
        this.csv.write([...this.request.columns, REASON_COLUMN]);
      }
    }
    if (this.csv) {
      const cells = this.request.columns.map((c) => cellOf(row.values[c]));
      if (!this.csv.write([...cells, text])) await once(this.csv, 'drain');
    } else {
      const record = stringifyJson({ ...row.values, [REASON_COLUMN]: text });
      const line = format === 'json' ? `${this.count ? ',' : ''}\n${record}` : `${record}\n`;
      if (!this.out.write(line)) await once(this.out, 'drain');
    }
    this.count++;
  }

  async close(): Promise<void> {
    if (!this.out) return;
    const closed = once(this.out, 'close');
    if (this.request.source.format === 'json') this.out.write('\n]\n');
    if (this.csv) this.csv.end();
    else this.out.end();
    await closed;
  }
}

function cellOf(v: JsonValue | undefined): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : stringifyJson(v);
}

/**
 * Runs the import: the one function that writes, so that it can run inside one change-journal batch.
 * A cancel stops before the next write; the rows not reached go to the failed file, said so.
 */
export async function runImport(
  request: ImportRequest,
  client: ImportClient,
  failedPath: string,
  progress: (rows: number) => void,
  signal: AbortSignal,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { created: 0, updated: 0, unchanged: 0, failed: 0, cancelled: false };
  const failed = new FailedRows(failedPath, request);
  const type = request.schema.type;
  let rows = 0;
  try {
    for await (const planned of plannedPages(request, client, signal)) {
      for (const { row, entry } of planned) {
        rows++;
        if (!entry || signal.aborted) {
          await failed.add(row, 'Not imported: the import was cancelled before this row');
          continue;
        }
        try {
          if (entry.kind === 'create') {
            await client.create(type, entry.definition, signal);
            outcome.created++;
          } else if (entry.kind === 'update') {
            await client.update(type, entry.id, updateDefinition(entry), signal);
            outcome.updated++;
          } else if (entry.kind === 'unchanged') outcome.unchanged++;
          else await failed.add(row, entry.reason);
        } catch (e) {
          const reason = signal.aborted ? 'Cancelled while it was sent: check it on the server' : describeError(e);
          await failed.add(row, reason);
        }
      }
      progress(rows);
    }
  } finally {
    outcome.cancelled = signal.aborted;
    await failed.close();
  }
  outcome.failed = failed.count;
  if (failed.count) outcome.failedFile = failedPath;
  return outcome;
}
