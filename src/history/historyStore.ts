// The request history on disk: one NDJSON file per connection in the extension's global storage,
// appended in batches off the request's path, bounded (oldest dropped), read once when first
// needed. A corrupt or over-large file is set aside (renamed) with a message, never thrown; entries
// recorded meanwhile are written to the fresh file. No vscode import: the benchmarks use it too.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Exchange, WireCall } from '../api';
import { isJsonObject, parseJson, type JsonObject } from '../core/json';
import { redactedExchange } from './redaction';

/** A recorded exchange: the call as sent (no touches), redacted, and its answer, in one flat record per line. */
export interface HistoryEntry extends Omit<WireCall, 'touches' | 'intent'> {
  /** Unique within its connection's history. */
  id: string;
  connection: string;
  status: number | 'failed';
  code?: string;
  /** When it was sent, ISO 8601. */
  at: string;
  ms: number;
  bytes: number;
  /** The answer's text (cut at maxResponseBytes); '' when none came. */
  response: string;
  /** When the answer was cut at maxResponseBytes: its full size. */
  truncated?: number;
}

export interface HistoryLimits {
  maxEntries: number;
  maxResponseBytes: number;
}

/** Told when a file was set aside; the message says what happened and where the old file is. */
export type SetAsideHandler = (message: string) => void;

const FLUSH_DELAY_MS = 250;
// The file may hold this many times maxEntries before it is rewritten with the newest maxEntries:
// each append then costs one line rewritten later (at 1.2 it was five, a third of recording's cost).
const SLACK = 2;

/** A connection's name as a file name: any character a file system might refuse is %-escaped. */
export const historyFileName = (connection: string) =>
  `${encodeURIComponent(connection).replace(/[!'()*~.]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}.ndjson`;

export class HistoryStore {
  private readonly histories = new Map<string, ConnectionHistory>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private sequence = 0;
  /** Recorded, not yet built: connection, exchange, connection, exchange… (flat: no object per request). */
  private queue: Array<string | Exchange> = [];
  private readonly built = new WeakMap<Exchange, HistoryEntry>();
  private directoryMade: Promise<void> | undefined;

  constructor(
    readonly directory: string,
    private readonly limits: () => HistoryLimits,
    private readonly onSetAside: SetAsideHandler,
  ) {}

  /**
   * Records an exchange, on the request's path: only its reference is queued (no copy, redaction or
   * serialisation); entries are built and written in the batch.
   */
  record(connection: string, exchange: Exchange): void {
    this.queue.push(connection, exchange);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
  }

  /** The entry an exchange recorded here became (built now if it is still queued). */
  entryOf(exchange: Exchange): HistoryEntry | undefined {
    this.build();
    return this.built.get(exchange);
  }

  /** Turns the queued exchanges into entries (redacted, the answer cut), pending their write. */
  private build(): void {
    const queue = this.queue;
    if (!queue.length) return;
    this.queue = [];
    const { maxResponseBytes } = this.limits();
    for (let i = 0; i < queue.length; i += 2) {
      const connection = queue[i] as string;
      const exchange = queue[i + 1] as Exchange;
      const entry = this.entryFrom(connection, redactedExchange(exchange), maxResponseBytes);
      this.built.set(exchange, entry);
      this.history(connection).pending.push(entry);
    }
  }

  private entryFrom(connection: string, exchange: Exchange, maxResponseBytes: number): HistoryEntry {
    const { call } = exchange;
    const entry: HistoryEntry = {
      id: `${exchange.startedAt.toString(36)}-${(this.sequence++).toString(36)}`,
      connection,
      method: call.method,
      path: call.path,
      ...(call.form?.length ? { form: call.form } : {}),
      ...(call.json !== undefined ? { json: call.json } : {}),
      read: call.read,
      authenticated: call.authenticated,
      status: exchange.status,
      ...(exchange.code ? { code: exchange.code } : {}),
      at: new Date(exchange.startedAt).toISOString(),
      ms: Math.round(exchange.ms * 10) / 10,
      bytes: exchange.bytes,
      response: exchange.response,
    };
    if (exchange.bytes > maxResponseBytes) {
      entry.response = Buffer.from(exchange.response).subarray(0, maxResponseBytes).toString();
      entry.truncated = exchange.bytes;
    }
    return entry;
  }

  /** A connection's entries, oldest first (the newest maxEntries), including those not yet written. */
  async entries(connection: string): Promise<HistoryEntry[]> {
    this.build();
    const history = this.history(connection);
    const stored = await this.load(history);
    const all = [...stored, ...history.pending];
    return all.slice(Math.max(0, all.length - this.limits().maxEntries));
  }

  async entry(connection: string, id: string): Promise<HistoryEntry | undefined> {
    return (await this.entries(connection)).find((e) => e.id === id);
  }

  /** Connections that have a history, on disk or recorded in this window. */
  async connections(): Promise<string[]> {
    this.build();
    const names = new Set(this.histories.keys());
    const files = await fs.readdir(this.directory).catch(() => [] as string[]);
    for (const file of files) if (file.endsWith('.ndjson')) names.add(decodeURIComponent(file.slice(0, -7)));
    return [...names].sort();
  }

  fileOf(connection: string): string {
    return path.join(this.directory, historyFileName(connection));
  }

  /** Writes what is pending now (one append per connection); resolves when it is on disk. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.writePending()).catch(() => undefined);
    return this.writing;
  }

  /** Forgets a connection's history, on disk too. */
  async clear(connection: string): Promise<void> {
    await this.flush();
    const history = this.history(connection);
    this.build();
    history.stored = [];
    history.pending = [];
    history.linesOnDisk = 0;
    await fs.rm(this.fileOf(connection), { force: true });
  }

  private history(connection: string): ConnectionHistory {
    let history = this.histories.get(connection);
    if (!history) this.histories.set(connection, (history = { connection, pending: [] }));
    return history;
  }

  private async writePending(): Promise<void> {
    this.build();
    const { maxEntries } = this.limits();
    for (const history of this.histories.values()) {
      if (!history.pending.length) continue;
      const stored = await this.load(history);
      const batch = history.pending;
      history.pending = [];
      stored.push(...batch);
      // Memory keeps the newest maxEntries; the file may hold more until it is rewritten.
      stored.splice(0, Math.max(0, stored.length - maxEntries));
      history.linesOnDisk = (history.linesOnDisk ?? 0) + batch.length;
      // Made once (not at every batch); tried again after a failure.
      this.directoryMade ??= fs.mkdir(this.directory, { recursive: true }).then(
        () => undefined,
        (e: unknown) => {
          this.directoryMade = undefined;
          throw e;
        },
      );
      await this.directoryMade;
      const file = this.fileOf(history.connection);
      if (history.linesOnDisk > maxEntries * SLACK) {
        await writeAtomically(file, toLines(stored));
        history.linesOnDisk = stored.length;
      } else {
        await fs.appendFile(file, toLines(batch));
      }
    }
  }

  /** Reads a connection's file once; a corrupt or over-large one is set aside, never thrown. */
  private load(history: ConnectionHistory): Promise<HistoryEntry[]> {
    history.loading ??= this.read(history.connection).then((entries) => {
      history.linesOnDisk = entries.length;
      history.stored = entries.slice(Math.max(0, entries.length - this.limits().maxEntries));
    });
    return history.loading.then(() => history.stored!);
  }

  private async read(connection: string): Promise<HistoryEntry[]> {
    const file = this.fileOf(connection);
    const size = await fs.stat(file).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) return [];
    const { maxEntries, maxResponseBytes } = this.limits();
    // Twice what a full file may hold (requests included): more is not a history this extension wrote.
    const largest = 2 * SLACK * maxEntries * (maxResponseBytes + 64 * 1024);
    if (size > largest) {
      const aside = await setAside(file, 'too-large');
      this.onSetAside(
        `The request history of "${connection}" was too large to read (${megabytes(size)}): it was set aside as ${aside}, and a new one begun.`,
      );
      return [];
    }
    const texts = (await fs.readFile(file, 'utf8')).split('\n').filter((l) => l.trim());
    const entries = texts.map((t) => readEntry(t, connection)).filter((e): e is HistoryEntry => e !== undefined);
    if (entries.length < texts.length) {
      const aside = await setAside(file, 'corrupt');
      await writeAtomically(file, toLines(entries));
      this.onSetAside(
        `The request history of "${connection}" had ${texts.length - entries.length} unreadable lines: the file was set aside as ${aside}; its ${entries.length} readable entries are kept.`,
      );
    }
    return entries;
  }
}

interface ConnectionHistory {
  connection: string;
  /** Entries on disk (once read), oldest first. */
  stored?: HistoryEntry[];
  loading?: Promise<void>;
  /** Lines in the file (stored holds the newest maxEntries of them). */
  linesOnDisk?: number;
  /** Recorded, not yet written. */
  pending: HistoryEntry[];
}

// Each entry's line, written once: rewriting the file to drop the oldest joins the lines it has.
// A line is the entry without its answer, a tab, then the answer: as it came after a second tab when
// it is one line (most are: no escaping, no copy), else as a JSON string. Opening the history reads
// the small part of each line and decodes an answer only when it is shown.
const lines = new WeakMap<HistoryEntry, string>();
const lineOf = (entry: HistoryEntry) => {
  let line = lines.get(entry);
  if (line === undefined) {
    const { response, ...rest } = entry;
    const answer = response.includes('\n') || response.includes('\r') ? JSON.stringify(response) : `\t${response}`;
    lines.set(entry, (line = `${JSON.stringify(rest)}\t${answer}\n`));
  }
  return line;
};
const toLines = (entries: HistoryEntry[]) => entries.map(lineOf).join('');
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** One line as an entry, or undefined when it is not one (every field's type is checked). */
function readEntry(line: string, connection: string): HistoryEntry | undefined {
  const tab = line.indexOf('\t');
  const raw = line[tab + 1] === '\t';
  const answer = raw ? line.slice(tab + 2) : line.slice(tab + 1).trimEnd();
  if (tab < 0 || !(raw || /^".*"$/s.test(answer))) return undefined;
  let value;
  try {
    value = parseJson(line.slice(0, tab));
  } catch {
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  const strings = ['id', 'method', 'path', 'at'].every((k) => typeof value[k] === 'string');
  const numbers = ['ms', 'bytes'].every((k) => typeof value[k] === 'number');
  const status = typeof value.status === 'number' || value.status === 'failed';
  if (!strings || !numbers || !status || !validForm(value.form)) return undefined;
  if (value.json !== undefined && typeof value.json !== 'string') return undefined;
  const entry = { ...value, connection } as JsonObject as unknown as HistoryEntry;
  let decoded: string | undefined = raw ? answer : undefined;
  Object.defineProperty(entry, 'response', {
    enumerable: true,
    get: () => (decoded ??= decodeAnswer(answer)),
  });
  lines.set(entry, `${line}\n`);
  return entry;
}

function decodeAnswer(text: string): string {
  try {
    const value = parseJson(text);
    return typeof value === 'string' ? value : text;
  } catch {
    return text;
  }
}

function validForm(form: unknown): boolean {
  if (form === undefined) return true;
  return (
    Array.isArray(form) &&
    form.every((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === 'string'))
  );
}

async function setAside(file: string, why: string): Promise<string> {
  const aside = `${file}.${why}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await fs.rename(file, aside);
  return path.basename(aside);
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, text);
  await fs.rename(temporary, file);
}
