// The change journal as data: what each write changed (before and after), how it ended, its
// inverse (what a revert sends), and the journal file's line format. Pure: the journal feature
// (src/journal) records and stores it, and runs reverts. Ids are decimal strings here, never numbers.
import { isJsonObject, parseJson, stringifyJson, type JsonObject, type JsonValue } from './json';
import { jsonEqual } from './objectEdit';
import type { WriteIntent, WriteKind } from './writeIntent';

/** pending: sent, no answer yet; unknown: the answer never came (connection lost, or the extension stopped). */
export type WriteState = 'pending' | 'confirmed' | 'failed' | 'unknown';

export interface JournalObject {
  id: string;
  /** update: the sent attributes' values before the write (absent: not known, so not revertable). */
  before?: JsonObject;
  /** update: the values sent; create: the definition sent. */
  after?: JsonObject;
  /** move: the parent before the write. */
  fromParent?: string;
  /** The server's per-id answer (updatemany, deletemany), or the call's result. */
  result?: boolean;
}

export interface JournalAce {
  trustee: string;
  entity: string;
  role: string;
}

export interface JournalWrite {
  seq: number;
  kind: WriteKind;
  type?: string;
  /** move: the new parent. */
  toParent?: string;
  ace?: JournalAce;
  objects: JournalObject[];
  state: WriteState;
  /** Why it failed or is unknown: the server's message and code, or the connection problem. */
  reason?: string;
  /** ISO time the write was sent. */
  at: string;
}

export interface JournalEntry {
  id: string;
  connection: string;
  /** Who wrote: the session's user id. */
  userId: string;
  label: string;
  at: string;
  /** The entry this one reverts. */
  revertOf?: string;
  writes: JournalWrite[];
}

export type EntryState = 'confirmed' | 'partial' | 'failed' | 'unknown' | 'pending' | 'empty';

/** Attributes that may hold a secret are never recorded (and so are not reverted). */
const SECRET_ATTRIBUTE = /pass(word)?|secret|token|session_?key|credential/i;

function withoutSecrets(definition: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(definition).filter(([k]) => !SECRET_ATTRIBUTE.test(k)));
}

/** A write as sent, before its answer: `known` holds what was known of the objects (whole definitions). */
export function recordWrite(
  intent: WriteIntent,
  seq: number,
  at: string,
  known: ReadonlyMap<string, JsonObject>,
): JournalWrite {
  const base = { seq, kind: intent.kind, state: 'pending' as const, at };
  switch (intent.kind) {
    case 'create':
      return { ...base, type: intent.type, objects: [] };
    case 'update':
    case 'updatemany':
      return {
        ...base,
        type: intent.type,
        objects: intent.ids.map((raw) => {
          const id = raw.toString();
          const before = known.get(id);
          const after = withoutSecrets(intent.definition);
          return before ? { id, before: pick(before, Object.keys(after)), after } : { id, after };
        }),
      };
    case 'move':
      return {
        ...base,
        type: intent.type,
        toParent: intent.parentId.toString(),
        objects: intent.ids.map((raw) => {
          const parent = known.get(raw.toString())?.parent_id;
          const fromParent = parent === undefined || parent === null ? undefined : String(parent);
          return fromParent === undefined ? { id: raw.toString() } : { id: raw.toString(), fromParent };
        }),
      };
    case 'delete':
    case 'deletemany':
    case 'undelete':
      return {
        ...base,
        type: intent.type,
        objects: intent.ids.map((raw) => {
          const before = known.get(raw.toString());
          return before ? { id: raw.toString(), before: withoutSecrets(before) } : { id: raw.toString() };
        }),
      };
    case 'aceSet':
    case 'aceDelete': {
      const { trustee, entity, role } = intent.ace;
      return { ...base, ace: { trustee: String(trustee), entity: String(entity), role: String(role) }, objects: [] };
    }
    case 'upload':
      return { ...base, type: intent.type, objects: [] };
  }
}

/** The ids whose state before a write is worth knowing (to revert it, or to show it). */
export function idsToKnow(intent: WriteIntent): readonly bigint[] {
  return 'ids' in intent ? intent.ids : [];
}

/** The write once its answer came: confirmed with the server's per-id results, or failed. */
export function confirmWrite(write: JournalWrite, answer: unknown, definitionSent?: JsonObject): JournalWrite {
  if (write.kind === 'create') {
    const id = (answer as { id?: unknown }).id;
    const after = withoutSecrets(definitionSent ?? {});
    return { ...write, state: 'confirmed', objects: [{ id: String(id), after, result: true }] };
  }
  if (write.kind === 'updatemany' || write.kind === 'deletemany') {
    const perId = answer as Record<string, boolean>;
    return {
      ...write,
      state: 'confirmed',
      objects: write.objects.map((o) => ({ ...o, result: perId[o.id] === true })),
    };
  }
  if (write.kind === 'update') return { ...write, state: 'confirmed', objects: write.objects.map(withResult(true)) };
  const result = (answer as { result?: unknown }).result === true;
  return result
    ? { ...write, state: 'confirmed', objects: write.objects.map(withResult(true)) }
    : { ...write, state: 'failed', reason: 'The server answered that nothing was done.' };
}

export function endWrite(write: JournalWrite, state: 'failed' | 'unknown', reason: string): JournalWrite {
  return { ...write, state, reason };
}

const withResult = (result: boolean) => (o: JournalObject) => ({ ...o, result });

function pick(definition: JsonObject, keys: readonly string[]): JsonObject {
  return Object.fromEntries(keys.map((k) => [k, definition[k] ?? null]));
}

export function entryState(entry: JournalEntry): EntryState {
  const states = new Set(entry.writes.map((w) => w.state));
  if (!states.size) return 'empty';
  if (states.has('pending')) return 'pending';
  if (states.has('unknown')) return 'unknown';
  const anyRefused = entry.writes.some((w) => w.state === 'confirmed' && w.objects.some((o) => o.result === false));
  if (states.size === 1 && states.has('confirmed')) return anyRefused ? 'partial' : 'confirmed';
  return states.has('confirmed') ? 'partial' : 'failed';
}

// ---- revert ----

export type RevertStep =
  | { kind: 'update'; type: string; id: string; set: JsonObject; expect: JsonObject }
  | { kind: 'move'; type: string; id: string; to: string; expectParent: string }
  | { kind: 'delete' | 'undelete'; type: string; id: string }
  | { kind: 'aceSet' | 'aceDelete'; ace: JournalAce }
  | { kind: 'cannot'; type?: string; id?: string; reason: string };

/**
 * What undoes an entry, newest write first: each confirmed write's inverse per object it changed.
 * Updates of one object are merged (its oldest values back, checked against its newest).
 */
export function revertSteps(entry: JournalEntry): RevertStep[] {
  const steps: RevertStep[] = [];
  const updates = new Map<string, Extract<RevertStep, { kind: 'update' }>>();
  for (const write of [...entry.writes].reverse()) {
    if (write.state === 'failed') continue; // nothing happened
    const type = write.type ?? '';
    if (write.state !== 'confirmed') {
      steps.push({ kind: 'cannot', type, reason: 'Its outcome is unknown: check it against the server first.' });
      continue;
    }
    if (write.ace) {
      steps.push({ kind: write.kind === 'aceSet' ? 'aceDelete' : 'aceSet', ace: write.ace });
      continue;
    }
    if (write.kind === 'upload') steps.push({ kind: 'cannot', type, reason: 'An upload cannot be reverted.' });
    for (const o of write.objects.filter((x) => x.result !== false)) {
      const step = inverseOf(write, type, o);
      if (step.kind !== 'update') steps.push(step);
      else mergeUpdate(updates, steps, step);
    }
  }
  return steps;
}

function inverseOf(write: JournalWrite, type: string, o: JournalObject): RevertStep {
  switch (write.kind) {
    case 'update':
    case 'updatemany':
      return o.before && o.after
        ? { kind: 'update', type, id: o.id, set: o.before, expect: o.after }
        : { kind: 'cannot', type, id: o.id, reason: 'Its values before the change were not known.' };
    case 'move':
      return o.fromParent && write.toParent
        ? { kind: 'move', type, id: o.id, to: o.fromParent, expectParent: write.toParent }
        : { kind: 'cannot', type, id: o.id, reason: 'Its parent before the move was not known.' };
    case 'create':
    case 'undelete':
      return { kind: 'delete', type, id: o.id };
    default:
      return { kind: 'undelete', type, id: o.id };
  }
}

function mergeUpdate(
  updates: Map<string, Extract<RevertStep, { kind: 'update' }>>,
  steps: RevertStep[],
  step: Extract<RevertStep, { kind: 'update' }>,
): void {
  const key = `${step.type}/${step.id}`;
  const seen = updates.get(key);
  if (!seen) {
    updates.set(key, step);
    steps.push(step);
    return;
  }
  // Older write: its before-values win; the newer write's values stay what is expected.
  Object.assign(seen.set, step.set);
  for (const [k, v] of Object.entries(step.expect)) if (!(k in seen.expect)) seen.expect[k] = v;
}

/** apply: send it; done: the server already holds what the revert would set; conflict: changed since; gone: not there. */
export type StepCheck = 'apply' | 'done' | 'conflict' | 'gone';

/** Checks a step against the object's state now (`current` undefined: not there, or not visible). */
export function checkStep(step: RevertStep, current: JsonObject | undefined): StepCheck {
  switch (step.kind) {
    case 'update':
      if (!current) return 'gone';
      if (matches(current, step.set)) return 'done';
      return matches(current, step.expect) ? 'apply' : 'conflict';
    case 'move': {
      if (!current) return 'gone';
      const parent = String(current.parent_id);
      return parent === step.to ? 'done' : parent === step.expectParent ? 'apply' : 'conflict';
    }
    case 'delete':
      return current ? 'apply' : 'done';
    case 'undelete':
      return current ? 'done' : 'apply';
    default:
      return 'apply';
  }
}

/** What an update step still has to send: only the attributes whose value differs now. */
export function stillToSet(step: Extract<RevertStep, { kind: 'update' }>, current: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(step.set).filter(([k, v]) => !jsonEqual(current[k], v)));
}

function matches(current: JsonObject, values: JsonObject): boolean {
  return Object.entries(values).every(([k, v]) => jsonEqual(current[k] ?? null, v));
}

// ---- the journal file: one JSON object a line, appended; the last line of a write wins ----

type Header = Omit<JournalEntry, 'writes'>;
export type JournalLine = { entry: Header } | { write: JournalWrite & { entry: string } };

export function headerLine(entry: JournalEntry): string {
  const { writes: _writes, ...header } = entry;
  return stringifyJson({ entry: header });
}

export function writeLine(entryId: string, write: JournalWrite): string {
  return stringifyJson({ write: { entry: entryId, ...write } });
}

export function journalText(entries: readonly JournalEntry[]): string {
  return entries.flatMap((e) => [headerLine(e), ...e.writes.map((w) => writeLine(e.id, w))]).join('\n') + '\n';
}

export class CorruptJournalError extends Error {
  constructor(readonly line: number) {
    super(`line ${line} of the change journal is not a journal record`);
  }
}

/**
 * Reads a journal file, oldest entry first. A write still pending was cut off by the end of the
 * process that sent it: its answer never came, so it is unknown. Throws CorruptJournalError.
 */
export function readJournal(text: string): JournalEntry[] {
  const entries = new Map<string, JournalEntry>();
  text.split('\n').forEach((line, k) => {
    if (!line.trim()) return;
    const record = parseLine(line, k + 1);
    if ('entry' in record) {
      entries.set(record.entry.id, { ...record.entry, writes: entries.get(record.entry.id)?.writes ?? [] });
      return;
    }
    const { entry: entryId, ...write } = record.write;
    const entry = entries.get(entryId);
    if (!entry) throw new CorruptJournalError(k + 1);
    const at = entry.writes.findIndex((w) => w.seq === write.seq);
    if (at >= 0) entry.writes[at] = write;
    else entry.writes.push(write);
  });
  for (const entry of entries.values())
    entry.writes = entry.writes.map((w) =>
      w.state === 'pending' ? endWrite(w, 'unknown', 'The extension stopped before the answer came.') : w,
    );
  return [...entries.values()];
}

function parseLine(line: string, number: number): JournalLine {
  let value: JsonValue;
  try {
    value = parseJson(line);
  } catch {
    throw new CorruptJournalError(number);
  }
  if (isJsonObject(value) && isJsonObject(value.entry) && typeof value.entry.id === 'string')
    return value as unknown as JournalLine;
  const write = isJsonObject(value) ? value.write : undefined;
  if (isJsonObject(write) && typeof write.entry === 'string' && Array.isArray(write.objects))
    return value as unknown as JournalLine;
  throw new CorruptJournalError(number);
}

/** The newest `max` entries (the journal is bounded). */
export function newest(entries: readonly JournalEntry[], max: number): JournalEntry[] {
  return entries.slice(Math.max(0, entries.length - Math.max(1, max)));
}

// ---- a write whose answer never came, checked against the server ----

/**
 * An unknown write decided by what the server holds now (`current`: the objects there, by id):
 * per object applied (true) or not (false); it stays unknown where the state says neither.
 */
export function settleFromServer(write: JournalWrite, current: ReadonlyMap<string, JsonObject>): JournalWrite {
  if (write.state !== 'unknown' && write.state !== 'pending') return write;
  const objects = write.objects.map((o) => ({ ...o, result: appliedTo(write, o, current.get(o.id)) }));
  if (!objects.length || objects.some((o) => o.result === undefined)) return write;
  return objects.every((o) => o.result === false)
    ? { ...write, objects, state: 'failed', reason: 'Checked against the server: it was not applied.' }
    : { ...write, objects, state: 'confirmed', reason: undefined };
}

function appliedTo(write: JournalWrite, o: JournalObject, now: JsonObject | undefined): boolean | undefined {
  switch (write.kind) {
    case 'update':
    case 'updatemany':
      if (!now || !o.after) return undefined;
      if (matches(now, o.after)) return true;
      return o.before && matches(now, o.before) ? false : undefined;
    case 'move':
      if (!now) return undefined;
      if (String(now.parent_id) === write.toParent) return true;
      return String(now.parent_id) === o.fromParent ? false : undefined;
    case 'delete':
    case 'deletemany':
      return now === undefined;
    case 'undelete':
      return now !== undefined;
    default:
      return undefined;
  }
}

/** An unknown ACE write decided by whether the entity's ACEs hold it now. */
export function settleAceFromServer(write: JournalWrite, holds: boolean): JournalWrite {
  if (!write.ace || (write.state !== 'unknown' && write.state !== 'pending')) return write;
  const applied = write.kind === 'aceSet' ? holds : !holds;
  return applied
    ? { ...write, state: 'confirmed', reason: undefined }
    : { ...write, state: 'failed', reason: 'Checked against the server: it was not applied.' };
}

/** An object's two sides in a write, for a diff: the attributes it changed, before and after. */
export function objectSides(write: JournalWrite, o: JournalObject): { before: JsonObject; after: JsonObject } {
  switch (write.kind) {
    case 'move':
      return { before: { parent_id: o.fromParent ?? null }, after: { parent_id: write.toParent ?? null } };
    case 'create':
      return { before: {}, after: o.after ?? {} };
    case 'delete':
    case 'deletemany':
      return { before: o.before ?? {}, after: {} };
    case 'undelete':
      return { before: {}, after: o.before ?? {} };
    default:
      return { before: o.before ?? {}, after: o.after ?? {} };
  }
}
