// Exporting objects to a file a page at a time: each page is fetched, written (CSV through
// csv-stringify, JSON as an array, NDJSON a line each) and dropped before the next, so memory stays
// flat however many there are. The count written is set against filtered_record_count at the end.
import * as fs from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { JsonObject, JsonValue } from '../core/json';
import type { Order } from '../core/filter';
import { csvCells, jsonRecord, type TransferSchema } from '../core/transferSchema';

export type ExportFormat = 'csv' | 'json' | 'ndjson';

/** Which objects: all of a type under optional constraints (a container, a filter), or given ids. */
export type ExportSelection =
  { kind: 'filter'; constraints?: JsonValue; order?: Order | null } | { kind: 'ids'; ids: bigint[] };

interface PageObject {
  id: bigint;
  definition: Record<string, unknown>;
}

interface ListAnswer {
  filtered_record_count: number | null;
  transfer_objects: PageObject[];
}

/** What the export asks of the session (its client, through SessionManager.run). */
export interface ExportReader {
  list(type: string, filter: JsonValue, signal: AbortSignal): Promise<ListAnswer>;
  getMany(type: string, ids: bigint[], signal: AbortSignal): Promise<ListAnswer>;
}

export interface ExportRequest {
  schema: TransferSchema;
  selection: ExportSelection;
  format: ExportFormat;
  /** A file path. */
  target: string;
  pageSize: number;
}

export interface ExportResult {
  written: number;
  /** filtered_record_count of the first page (or the number of ids asked for). */
  expected: number;
  cancelled: boolean;
  /** Exactly `expected` objects written, not cancelled. */
  complete: boolean;
  /** Of given ids: those getmany did not return (deleted meanwhile, or not readable), in the order given. */
  missing: bigint[];
}

const idAfter = (last: bigint) => ({ attribute: 'id', type: 3, value: last.toString() });

/**
 * The pages of a selection. Given ids, a getmany of each page of them; the ids it leaves out are
 * added to `missing`. Without an order of its own, pages follow the id (each asks for ids after
 * the last one written), so that an object created or deleted meanwhile shifts no other and a late
 * page costs no more than the first; with an order, by offset.
 */
async function* pages(
  request: ExportRequest,
  reader: ExportReader,
  signal: AbortSignal,
  missing: bigint[],
): AsyncGenerator<ListAnswer> {
  const { schema, selection, pageSize } = request;
  if (selection.kind === 'ids') {
    for (let start = 0; start < selection.ids.length; start += pageSize) {
      const asked = selection.ids.slice(start, start + pageSize);
      const page = await reader.getMany(schema.type, asked, signal);
      const returned = new Set(page.transfer_objects.map((o) => o.id));
      missing.push(...asked.filter((id) => !returned.has(id)));
      yield page;
    }
    return;
  }
  const base = selection.constraints ?? null;
  if (selection.order) {
    for (let offset = 0; ; offset += pageSize) {
      const filter = {
        order: selection.order,
        count: { count: pageSize, offset },
        constraints: base,
      } as unknown as JsonValue;
      const page = await reader.list(schema.type, filter, signal);
      yield page;
      if (page.transfer_objects.length < pageSize) return;
    }
  }
  let last: bigint | undefined;
  for (;;) {
    const constraints =
      last === undefined ? base : { join: 'AND', conditions: [idAfter(last)], lists: base ? [base] : [] };
    const filter = { order: { attribute: 'id', direction: 'ASC' }, count: { count: pageSize, offset: 0 }, constraints };
    const page = await reader.list(schema.type, filter as JsonValue, signal);
    yield page;
    if (page.transfer_objects.length < pageSize) return;
    last = page.transfer_objects.at(-1)!.id;
  }
}

/** Writes lines to a file, waiting when its buffer is full. */
class FileWriter {
  private readonly out: fs.WriteStream;
  private readonly csv: ReturnType<typeof stringify> | undefined;

  constructor(target: string, csv: boolean) {
    this.out = fs.createWriteStream(target);
    if (csv) {
      // A BOM, so that a spreadsheet reads UTF-8 as UTF-8; quoted edges keep spaces a spreadsheet would trim.
      this.csv = stringify({ bom: true, record_delimiter: 'windows', quoted_match: /^\s|\s$/ });
      this.csv.pipe(this.out);
    }
  }

  async row(cells: string[]): Promise<void> {
    if (!this.csv!.write(cells)) await once(this.csv!, 'drain');
  }

  async text(text: string): Promise<void> {
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    const finished = once(this.out, 'close');
    if (this.csv) this.csv.end();
    else this.out.end();
    await finished;
  }
}

/** Exports the selection; `progress` after each page. A cancel stops after the request in flight. */
export async function exportObjects(
  request: ExportRequest,
  reader: ExportReader,
  progress: (written: number, expected: number) => void,
  signal: AbortSignal,
): Promise<ExportResult> {
  const { schema, format } = request;
  const writer = new FileWriter(request.target, format === 'csv');
  let written = 0;
  let expected = request.selection.kind === 'ids' ? request.selection.ids.length : -1;
  const missing: bigint[] = [];
  try {
    if (format === 'csv') await writer.row(schema.columns.map((c) => c.name));
    if (format === 'json') await writer.text('[');
    for await (const page of pages(request, reader, signal, missing)) {
      if (expected < 0) expected = page.filtered_record_count ?? page.transfer_objects.length;
      for (const o of page.transfer_objects) {
        const definition = o.definition as JsonObject;
        if (format === 'csv') await writer.row(csvCells(schema, o.id, definition));
        else {
          const prefix = format === 'json' ? (written ? ',\n' : '\n') : '';
          await writer.text(`${prefix}${jsonRecord(schema, o.id, definition)}${format === 'ndjson' ? '\n' : ''}`);
        }
        written++;
      }
      progress(written, expected);
      if (signal.aborted) break;
    }
  } catch (e) {
    if (!signal.aborted) throw e;
  } finally {
    if (format === 'json') await writer.text(written ? '\n]\n' : ']\n');
    await writer.close();
  }
  expected = Math.max(expected, 0);
  const cancelled = signal.aborted;
  return { written, expected, cancelled, complete: !cancelled && written === expected, missing };
}
