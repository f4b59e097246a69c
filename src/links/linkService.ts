// Following links between objects for one session: the link model (from the session catalog's
// describe), the objects that ids point at (one getmany each, cached; misses too), and which type a
// probe attribute was found to point at. Everything is forgotten when the session changes.
import * as vscode from 'vscode';
import { LinkModel, type Link } from '../core/links';
import type { JsonObject } from '../core/json';
import { describeError, isServerFailure } from '../core/errors';
import type { TypeInfo } from '../session/sessionCatalog';
import type { SessionManager } from '../session/sessionManager';
import { sameConnection } from '../uris';

/** A request the history recorded, as far as its answer's links need it (src/history/historyStore.ts). */
export type HistoryLookup = (connection: string, id: string) => Promise<{ method: string } | undefined>;

export interface LinkedObject {
  type: string;
  /** Decimal digits. */
  id: string;
  definition: JsonObject;
}

/** What looking an id up gave: the object, nothing (missing, deleted or not readable), or a failure to ask. */
export type Lookup = { found: LinkedObject } | { missing: true } | { failed: string };

const CACHE_LIMIT = 2000;
/** Candidate types asked at once when probing an id's type. */
const PROBE_BATCH = 4;
const BACKGROUND = { interactive: false };
const NO_PRIVILEGES = { returnPrivileges: false, returnAttributePrivileges: false };

export class LinkService implements vscode.Disposable {
  /** The model of each describe answer: a Refresh that drops the catalog's types makes a new one. */
  private readonly models = new WeakMap<readonly TypeInfo[], LinkModel>();
  private readonly looked = new Map<string, Lookup>();
  private readonly probed = new Map<string, string>();
  private readonly listener: vscode.Disposable;
  /** Requests sent for lookups, for tests and the benchmark. */
  requests = 0;

  constructor(
    readonly sessions: SessionManager,
    /** The history's entries, for links in its response documents. */
    readonly historyEntry: HistoryLookup = async () => undefined,
  ) {
    this.listener = sessions.onDidChange(() => this.forget());
  }

  get connection(): string | undefined {
    return this.sessions.session?.connection.name;
  }

  /** Whether the session is on `connection` (a name as a URI carries it: maybe lower-cased). */
  isOn(connection: string): boolean {
    return this.connection !== undefined && sameConnection(this.connection, connection);
  }

  /** The link model of this session's account (the catalog asks describe once per session). */
  async links(): Promise<LinkModel> {
    const catalog = this.sessions.session?.catalog;
    const types = catalog ? await catalog.types() : [];
    let model = this.models.get(types);
    if (!model) this.models.set(types, (model = new LinkModel(types)));
    return model;
  }

  /** The type a probe attribute of `type` was found to point at, if one was found this session. */
  probedType(type: string, attribute: string): string | undefined {
    return this.probed.get(`${type}.${attribute}`);
  }

  /** The types to ask for an id of `link` on a `sourceType` object: one, once a probe found it. */
  candidates(sourceType: string, link: Link): string[] {
    const found = link.kind === 'probe' ? this.probedType(sourceType, link.attribute) : undefined;
    return found ? [found] : link.types;
  }

  /** The object `id` (of `link` on a `sourceType` object) points at; cached, so asked once per session. */
  async lookUp(sourceType: string, link: Link, id: string, signal?: AbortSignal): Promise<Lookup> {
    const cached = this.looked.get(id);
    if (cached && !('failed' in cached)) return cached;
    const types = this.candidates(sourceType, link);
    let result: Lookup = { missing: true };
    try {
      for (let start = 0; start < types.length && !('found' in result); start += PROBE_BATCH) {
        const batch = types.slice(start, start + PROBE_BATCH);
        const answers = await Promise.all(batch.map((type) => this.getOne(type, id, signal)));
        const at = answers.findIndex((a) => a !== undefined);
        if (at >= 0) result = { found: { type: batch[at]!, id, definition: answers[at]! } };
      }
    } catch (e) {
      if (signal?.aborted) throw e;
      return { failed: describeError(e) };
    }
    if ('found' in result && link.kind === 'probe')
      this.probed.set(`${sourceType}.${link.attribute}`, result.found.type);
    this.remember(id, result);
    return result;
  }

  /** The object `id` points at, if it was looked up (or listed) this session. */
  known(id: string): LinkedObject | undefined {
    const lookup = this.looked.get(id);
    return lookup && 'found' in lookup ? lookup.found : undefined;
  }

  /** Whether looking `id` up needs no request (found or missing this session). */
  isCached(id: string): boolean {
    const lookup = this.looked.get(id);
    return lookup !== undefined && !('failed' in lookup);
  }

  /** An object read by other means (a list of references, an opened document) spares a lookup. */
  remember(id: string, lookup: Lookup): void {
    this.looked.delete(id);
    this.looked.set(id, lookup);
    // The oldest entry goes first: a Map iterates in insertion order.
    if (this.looked.size > CACHE_LIMIT) this.looked.delete(this.looked.keys().next().value!);
  }

  private async getOne(type: string, id: string, signal?: AbortSignal): Promise<JsonObject | undefined> {
    this.requests++;
    try {
      const answer = await this.sessions.run(
        (client) => client.getMany(type, [BigInt(id)], { ...NO_PRIVILEGES, signal }),
        BACKGROUND,
      );
      return answer.transfer_objects[0]?.definition as JsonObject | undefined;
    } catch (e) {
      // A type the account may not read answers with an error: for this id that means "not readable".
      if (isServerFailure(e)) return undefined;
      throw e;
    }
  }

  private forget(): void {
    this.looked.clear();
    this.probed.clear();
  }

  dispose(): void {
    this.listener.dispose();
  }
}
