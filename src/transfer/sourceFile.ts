// Reading an import file as a stream of rows: CSV (csv-parse), NDJSON (a line each) or a JSON array
// (split element by element), decoded from UTF-8 (with or without BOM) or Windows-1252, never
// loaded whole. A row that cannot be read comes out with its problem, and the rows after it still do.
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { parseJson } from '../core/json';
import { UserFacingError } from '../core/errors';
import { isDefinition, type SourceFormat, type SourceRow } from '../core/importPlan';

export type SourceEncoding = 'utf-8' | 'windows-1252';
export type Separator = ',' | ';' | '\t';

export interface SourceOptions {
  format: SourceFormat;
  encoding: SourceEncoding;
  separator: Separator;
}

/** A record longer than this is refused as malformed (an unclosed quote would swallow the file). */
const MAX_RECORD_BYTES = 1 << 20;
const SNIFF_BYTES = 64 * 1024;

export function formatOf(path: string): SourceFormat {
  if (/\.(ndjson|jsonl)$/i.test(path)) return 'ndjson';
  if (/\.json$/i.test(path)) return 'json';
  return 'csv';
}

/** Guesses encoding and separator from the file's start: invalid UTF-8 is Windows-1252 (Excel's, in Germany). */
export async function sniff(path: string): Promise<SourceOptions> {
  const handle = await fs.promises.open(path, 'r');
  let sample: Buffer;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const encoding = isUtf8(sample) ? 'utf-8' : 'windows-1252';
  const firstLine = iconv.decode(sample, encoding).split(/\r?\n/, 1)[0] ?? '';
  return { format: formatOf(path), encoding, separator: separatorOf(firstLine) };
}

function isUtf8(sample: Buffer): boolean {
  // The sample may end inside a character: drop up to three trailing bytes of an unfinished one.
  for (let cut = 0; cut <= 3 && cut <= sample.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      // try a shorter end
    }
  }
  return false;
}

/** The separator the header line uses most, outside quotes; comma when none. */
export function separatorOf(header: string): Separator {
  const unquoted = header.replace(/"[^"]*"/g, '');
  const count = (c: string) => unquoted.split(c).length - 1;
  const best = ([';', '\t'] as const).find((c) => count(c) > count(',') && count(c) >= count(c === ';' ? '\t' : ';'));
  return best ?? ',';
}

function decoded(path: string, encoding: SourceEncoding): NodeJS.ReadWriteStream {
  // iconv-lite strips a UTF-8 BOM.
  return fs.createReadStream(path).pipe(iconv.decodeStream(encoding));
}

/** The rows of a file, one at a time; the first item is the header (the columns). */
export async function* readRows(path: string, options: SourceOptions): AsyncGenerator<string[] | SourceRow> {
  if (options.format === 'csv') yield* csvRows(path, options);
  else if (options.format === 'ndjson') yield* ndjsonRows(path, options.encoding);
  else yield* jsonArrayRows(path, options.encoding);
}

async function* csvRows(path: string, options: SourceOptions): AsyncGenerator<string[] | SourceRow> {
  let header: string[] | undefined;
  const skipped: SourceRow[] = [];
  const parser = decoded(path, options.encoding).pipe(
    parse({
      delimiter: options.separator,
      info: true,
      bom: true,
      max_record_size: MAX_RECORD_BYTES,
      skip_empty_lines: true,
      // Any line end, line by line: an export (CRLF) edited in another editor gains LF lines, and
      // detecting the first line's end only would read two such lines as one record.
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_records_with_error: true,
      columns: (names: string[]) => (header = names.map((n) => n.trim())),
    }),
  );
  // What was read of a malformed line is kept (by column, as far as the header goes): its failed row can be fixed.
  parser.on('skip', (e: Error & { lines?: number; record?: unknown }) => {
    const fields = Array.isArray(e.record) ? (e.record as unknown[]).map(String) : [];
    const values = Object.fromEntries((header ?? []).map((name, k) => [name, fields[k] ?? '']));
    skipped.push({ line: e.lines ?? 0, values, problem: `Malformed CSV line: ${e.message}` });
  });
  let sentHeader = false;
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    if (!sentHeader && header) {
      sentHeader = true;
      yield header;
    }
    // Parsing runs ahead of this loop: a skipped line comes out in its place among the records.
    while (skipped[0] && skipped[0].line < item.info.lines) yield skipped.shift()!;
    yield { line: item.info.lines, values: item.record };
  }
  if (!sentHeader) yield header ?? [];
  yield* skipped.splice(0);
}

function objectRow(line: number, text: string): SourceRow {
  try {
    const value = parseJson(text);
    if (isDefinition(value)) return { line, values: value };
    return { line, values: {}, problem: 'Not a JSON object of attributes' };
  } catch (e) {
    return { line, values: {}, problem: `Invalid JSON: ${(e as Error).message}` };
  }
}

/** The columns of a JSON file are the keys its rows use; the header item comes after the rows are read. */
async function* ndjsonRows(path: string, encoding: SourceEncoding): AsyncGenerator<string[] | SourceRow> {
  const lines = readline.createInterface({ input: decoded(path, encoding), crlfDelay: Infinity });
  let line = 0;
  yield [];
  for await (const text of lines) {
    line++;
    if (text.trim()) yield objectRow(line, text);
  }
}

const NOT_AN_ARRAY =
  'A JSON file to import holds one array of objects ([{…}, {…}]); for one object per line, name it .ndjson.';

/** Splits a top-level JSON array into its elements' texts without parsing the whole file. */
async function* jsonArrayRows(path: string, encoding: SourceEncoding): AsyncGenerator<string[] | SourceRow> {
  yield [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let index = 0;
  let started = false;
  for await (const chunk of decoded(path, encoding) as AsyncIterable<string>) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '[' || c === '{') {
        if (depth === 0) {
          if (c !== '[' || started) throw new UserFacingError(NOT_AN_ARRAY);
          started = true;
          from = i + 1;
        }
        depth++;
      } else if (c === ']' || c === '}') {
        depth--;
        if (depth === 0) {
          element += chunk.slice(from, i);
          if (element.trim()) yield objectRow(++index, element);
          element = '';
          from = i + 1;
        }
      } else if (c === ',' && depth === 1) {
        element += chunk.slice(from, i);
        yield objectRow(++index, element);
        element = '';
        from = i + 1;
      } else if (depth === 0 && !/\s/.test(c)) throw new UserFacingError(NOT_AN_ARRAY);
      if (element.length + (i - from) > MAX_RECORD_BYTES) {
        throw new UserFacingError(`Element ${index + 1} of the JSON array is longer than 1 MB: is the file JSON?`);
      }
    }
    if (depth > 0) element += chunk.slice(from);
  }
  if (depth !== 0 || !started) throw new UserFacingError('The JSON file ends before its array does: is it cut off?');
}

/** How many rows of a JSON file are read to learn its columns (a key first used later is refused as unknown). */
const COLUMN_SAMPLE_ROWS = 1000;

/** The file's columns: a CSV file's header, or the keys of a JSON file's first rows. */
export async function columnsOf(path: string, options: SourceOptions): Promise<string[]> {
  const keys = new Set<string>();
  let rows = 0;
  for await (const item of readRows(path, options)) {
    if (Array.isArray(item)) {
      if (options.format === 'csv') return item;
      continue;
    }
    for (const key of Object.keys(item.values)) keys.add(key);
    if (++rows >= COLUMN_SAMPLE_ROWS) break;
  }
  return [...keys];
}
