// What the History view shows, without vscode: entries newest first, grouped by day, filtered by
// method, type and status; an entry as the call it was and as read-only JSON documents.
import type { WireCall } from '../api';
import { applyEdits, format } from 'jsonc-parser';
import { parseJson, stringifyJson, type JsonValue } from '../core/json';
import type { HistoryEntry } from './historyStore';

export interface HistoryFilter {
  /** API verbs: "list", "get", "update", "auth"… (empty or absent: all). */
  methods?: string[];
  /** Object types: "machine"… (empty or absent: all). */
  types?: string[];
  status?: 'ok' | 'failed';
}

export interface HistoryDay {
  /** YYYY-MM-DD in local time. */
  day: string;
  entries: HistoryEntry[];
}

export const verbOf = (entry: { method: string }) => entry.method.split('/')[0]!;
/** The object type of an object call ("list/machine" → machine); undefined for auth, describe, ace. */
export const typeOf = (entry: { method: string }) =>
  /^(auth|ace)\//.test(entry.method) ? undefined : entry.method.split('/')[1];
export const failed = (entry: HistoryEntry) => entry.status !== 200;

export function isFilterEmpty(filter: HistoryFilter): boolean {
  return !filter.methods?.length && !filter.types?.length && !filter.status;
}

export function matches(entry: HistoryEntry, filter: HistoryFilter): boolean {
  if (filter.methods?.length && !filter.methods.includes(verbOf(entry))) return false;
  if (filter.types?.length && !filter.types.includes(typeOf(entry) ?? '')) return false;
  if (filter.status && (filter.status === 'failed') !== failed(entry)) return false;
  return true;
}

const localDay = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * Entries filtered, newest first (by when each was sent: a slow request is recorded after a quicker
 * one sent later), grouped by local day.
 */
export function groupByDay(entries: readonly HistoryEntry[], filter: HistoryFilter = {}): HistoryDay[] {
  const days: HistoryDay[] = [];
  const newestFirst = entries
    .filter((e) => matches(e, filter))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  for (const entry of newestFirst) {
    const day = localDay(entry.at);
    if (days.at(-1)?.day !== day) days.push({ day, entries: [] });
    days.at(-1)!.entries.push(entry);
  }
  return days;
}

/** The verbs and types present, for the filter's choices. */
export function facets(entries: readonly HistoryEntry[]): { methods: string[]; types: string[] } {
  const methods = new Set<string>();
  const types = new Set<string>();
  for (const e of entries) {
    methods.add(verbOf(e));
    const type = typeOf(e);
    if (type) types.add(type);
  }
  return { methods: [...methods].sort(), types: [...types].sort() };
}

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);
const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);

/** The call an entry sent, as words: "get machine 125752076205557483" (its path; ids are not secret). */
export function callName(entry: HistoryEntry): string {
  const words = entry.path.split('/').filter(Boolean).join(' ');
  return words.length > 80 ? `${words.slice(0, 79)}…` : words;
}

/** "14:03:12 get machine 125752076205557483": when and what, for tab and diff titles. */
export const entryTitle = (entry: HistoryEntry) => `${clock(entry.at)} ${callName(entry)}`;

/** "14:03:12 · 200 · 12 ms · 1.2 KB", with the code of a failure; `truncated`: the words for a cut answer, localised. */
export function describeEntry(entry: HistoryEntry, truncated = '(truncated)'): string {
  const outcome = failed(entry) ? `${entry.status}${entry.code ? ` ${entry.code}` : ''}` : '200';
  const cut = entry.truncated ? ` ${truncated}` : '';
  return `${clock(entry.at)} · ${outcome} · ${Math.round(entry.ms)} ms · ${size(entry.bytes)}${cut}`;
}

/** The call an entry recorded, to send again or render as code. */
export function toWireCall(entry: HistoryEntry): WireCall {
  return {
    method: entry.method,
    path: entry.path,
    ...(entry.form ? { form: entry.form } : {}),
    ...(entry.json !== undefined ? { json: entry.json } : {}),
    read: entry.read,
    authenticated: entry.authenticated,
  };
}

/** A text as JSON where it is JSON (parsed losslessly), else as it is. */
function asJson(text: string): JsonValue {
  try {
    return parseJson(text);
  } catch {
    return text;
  }
}

/** The request as a JSON document: JSON-valued form fields and bodies shown as JSON, ids exact. */
export function requestDocument(entry: HistoryEntry, baseUrl?: string): string {
  const form = entry.form && Object.fromEntries(entry.form.map(([k, v]) => [k, /^\s*[[{]/.test(v) ? asJson(v) : v]));
  return stringifyJson(
    {
      method: entry.method,
      url: baseUrl ? new URL(entry.path, baseUrl).toString() : entry.path,
      ...(form ? { form } : {}),
      ...(entry.json !== undefined ? { body: asJson(entry.json) } : {}),
      connection: entry.connection,
      at: entry.at,
      status: entry.status,
      ...(entry.code ? { code: entry.code } : {}),
      ms: entry.ms,
      bytes: entry.bytes,
      ...(entry.truncated ? { responseTruncatedFrom: entry.truncated } : {}),
    },
    2,
  );
}

/** The first line of a cut answer's document: what was kept of how much (localised by the caller). */
export type CutNote = (keptBytes: number, ofBytes: number) => string;
const englishCutNote: CutNote = (kept, of) => `The answer was cut at ${kept} bytes of ${of}.`;

/**
 * The response formatted (ids exact), or as it came when it is not JSON. A cut answer says so on its
 * first line, then shows what was kept, laid out by jsonc-parser's formatter: it works token by token
 * on text that does not end (every token copied as it came, so no id changes).
 */
export function responseDocument(entry: HistoryEntry, cutNote = englishCutNote): string {
  if (entry.truncated) {
    const kept = entry.response;
    const layout = { tabSize: 2, insertSpaces: true, eol: '\n' };
    return `// ${cutNote(Buffer.byteLength(kept), entry.truncated)}\n${applyEdits(kept, format(kept, undefined, layout))}\n`;
  }
  const value = asJson(entry.response);
  return typeof value === 'string' ? entry.response : stringifyJson(value, 2);
}

/** Request and response in one file, for saving to the workspace. */
export function exchangeDocument(entry: HistoryEntry, baseUrl?: string): string {
  const request = parseJson(requestDocument(entry, baseUrl));
  const response = entry.truncated ? entry.response : asJson(entry.response);
  return `${stringifyJson({ request, response }, 2)}\n`;
}
