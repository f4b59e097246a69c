// The change journal: every write any feature sends through the session's client is recorded (the
// client's onWriteStart hook) before it goes out, and completed when its answer comes. Writes made
// inside batch() form one entry. Kept in global storage as appended lines, bounded by
// `vensoft.journal.maxEntries`, read back after a restart; never a session key or a password.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import * as vscode from 'vscode';
import type { VensoftClient, WriteSettle, WriteStartContext } from '../api';
import { describeError, isConnectionError } from '../core/errors';
import type { JsonObject } from '../core/json';
import {
  confirmWrite,
  CorruptJournalError,
  endWrite,
  headerLine,
  idsToKnow,
  journalText,
  newest,
  readJournal,
  recordWrite,
  settleAceFromServer,
  settleFromServer,
  writeLine,
  type JournalEntry,
  type JournalWrite,
} from '../core/journal';
import type { WriteIntent } from '../core/writeIntent';
import type { Log } from '../log';
import { writeLabel } from './journalLabels';

export interface Writer {
  connection: string;
  userId: string;
}

interface Batch {
  label: string;
  revertOf?: string;
  entry?: JournalEntry;
}

/** Problems where the request never left: the write surely did not happen. */
const NEVER_SENT = ['refused', 'dns', 'tls', 'proxy'];
/** Ids in one getmany that reads the state before a write. */
const READ_CHUNK = 5_000;
const NO_PRIVILEGES = { returnPrivileges: false, returnAttributePrivileges: false };

export class ChangeJournal implements vscode.Disposable {
  private entries: JournalEntry[] = [];
  private readonly batches = new AsyncLocalStorage<Batch>();
  private appending: Promise<void> = Promise.resolve();
  private lines = 0;
  private counter = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when an entry is added or a write in it ends. */
  readonly onDidChange = this.changed.event;
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly maxEntries: () => number,
    private readonly log: Log,
  ) {}

  /** Reads the journal file once; a corrupt one is set aside (renamed) with a message, and a new one begun. */
  load(): Promise<void> {
    this.loaded ??= this.read();
    return this.loaded;
  }

  /** Entries, newest first. */
  list(): readonly JournalEntry[] {
    return [...this.entries].reverse();
  }

  entry(id: string): JournalEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Runs `work`; the writes it makes (in any feature) form one entry labelled `label`. Nested batches join the outer one. */
  batch<T>(
    label: string,
    work: (batch: { readonly entryId: () => string | undefined }) => Promise<T>,
    revertOf?: string,
  ) {
    const outer = this.batches.getStore();
    const batch: Batch = outer ?? { label, revertOf };
    return this.batches.run(batch, () => work({ entryId: () => batch.entry?.id }));
  }

  /** The client's onWriteStart: records the write before it is sent, and answers how to complete it. */
  async writeStarting(writer: Writer, intent: WriteIntent, context: WriteStartContext): Promise<WriteSettle> {
    await this.load();
    const known = await this.knownBefore(intent, context);
    const batch = this.batches.getStore();
    let entry = batch?.entry;
    if (!entry) {
      entry = this.newEntry(writer, batch?.label ?? writeLabel(intent), batch?.revertOf);
      if (batch) batch.entry = entry;
      this.entries.push(entry);
      this.entries = newest(this.entries, this.maxEntries());
      this.append(headerLine(entry));
    }
    const started = recordWrite(intent, entry.writes.length + 1, new Date().toISOString(), known);
    entry.writes.push(started);
    // The write goes out once its record is on disk: a crash now leaves it "unknown", not lost.
    await this.append(writeLine(entry.id, started));
    this.changed.fire();
    const owner = entry;
    return (outcome) => {
      const ended = outcome.ok
        ? confirmWrite(started, outcome.answer, intent.kind === 'create' ? intent.definition : undefined)
        : endWrite(started, stateAfter(outcome.error), describeError(outcome.error));
      this.replace(owner, ended);
    };
  }

  /** Asks the server what became of the entry's writes whose answer never came. */
  async checkUnknown(entryId: string, client: VensoftClient): Promise<JournalEntry | undefined> {
    const entry = this.entry(entryId);
    if (!entry) return undefined;
    for (const write of entry.writes.filter((w) => w.state === 'unknown')) {
      if (write.ace) {
        const aces = await client.aceGet({ entity: BigInt(write.ace.entity) });
        const { trustee, role } = write.ace;
        const holds = aces.some((a) => String(a.trustee) === trustee && String(a.role) === role);
        this.replace(entry, settleAceFromServer(write, holds));
      } else if (write.type && write.objects.length) {
        const current = await readObjects(
          client,
          write.type,
          write.objects.map((o) => BigInt(o.id)),
        );
        this.replace(entry, settleFromServer(write, current));
      }
    }
    return entry;
  }

  private replace(entry: JournalEntry, write: JournalWrite): void {
    const at = entry.writes.findIndex((w) => w.seq === write.seq);
    if (at < 0 || entry.writes[at] === write) return;
    entry.writes[at] = write;
    void this.append(writeLine(entry.id, write));
    this.changed.fire();
  }

  private newEntry(writer: Writer, label: string, revertOf?: string): JournalEntry {
    const id = `${Date.now().toString(36)}-${process.pid.toString(36)}-${(++this.counter).toString(36)}`;
    const entry: JournalEntry = { id, ...writer, label, at: new Date().toISOString(), writes: [] };
    return revertOf ? { ...entry, revertOf } : entry;
  }

  /** What the objects were before the write: what the caller knew, and one getmany for the rest. */
  private async knownBefore(intent: WriteIntent, context: WriteStartContext): Promise<Map<string, JsonObject>> {
    const known = new Map((context.before ?? []).map((b) => [b.id.toString(), b.definition]));
    if (intent.kind === 'undelete' || !('type' in intent)) return known;
    const missing = idsToKnow(intent).filter((id) => !known.has(id.toString()));
    if (!missing.length) return known;
    try {
      for (const [id, definition] of await readObjects(context.client, intent.type, missing)) known.set(id, definition);
    } catch (e) {
      this.log.warn(`Change journal: could not read ${intent.type} before the write (${describeError(e)})`);
    }
    return known;
  }

  private async read(): Promise<void> {
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
    } catch (e) {
      // Writes still go out; the journal is kept in memory, and each failed append is logged.
      this.log.error(`Change journal: cannot create ${path.dirname(this.file)}: ${describeError(e)}`);
    }
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return; // no journal yet
    }
    try {
      this.entries = newest(readJournal(text), this.maxEntries());
      this.lines = text.split('\n').length;
    } catch (e) {
      if (!(e instanceof CorruptJournalError)) throw e;
      const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await fs.rename(this.file, aside);
      this.log.warn(`Change journal: ${e.message}; set aside as ${aside}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'The change journal could not be read ({0}). It was set aside as {1}; a new journal has begun.',
          e.message,
          aside,
        ),
      );
    }
  }

  /** Appends a line (in order); past twice the bound, the file is rewritten with the newest entries. */
  private append(line: string): Promise<void> {
    this.lines++;
    const compact = this.lines > 2 * this.maxEntries() + 1_000;
    this.appending = this.appending
      .then(async () => {
        if (!compact) return fs.appendFile(this.file, `${line}\n`);
        this.entries = newest(this.entries, this.maxEntries());
        const text = journalText(this.entries);
        this.lines = text.split('\n').length;
        await fs.writeFile(`${this.file}.new`, text);
        await fs.rename(`${this.file}.new`, this.file);
      })
      .catch((e: unknown) => this.log.error(`Change journal: could not write ${this.file}: ${describeError(e)}`));
    return this.appending;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function stateAfter(error: unknown): 'failed' | 'unknown' {
  return isConnectionError(error) && !NEVER_SENT.includes(error.problem) ? 'unknown' : 'failed';
}

/** The objects there now, by id (missing: deleted or not visible), one getmany a chunk. */
export async function readObjects(
  client: VensoftClient,
  type: string,
  ids: readonly bigint[],
): Promise<Map<string, JsonObject>> {
  const found = new Map<string, JsonObject>();
  for (let start = 0; start < ids.length; start += READ_CHUNK) {
    const result = await client.getMany(type, ids.slice(start, start + READ_CHUNK), NO_PRIVILEGES);
    for (const o of result.transfer_objects) found.set(o.id.toString(), o.definition as JsonObject);
  }
  return found;
}
