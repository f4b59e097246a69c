// The Vensoft API client: one method per documented call, wire forms as the wire contract says
// (POST, percent-encoded form fields, raw JSON bodies, SessionKey/DeviceToken headers,
// credentials only in bodies), responses parsed losslessly and validated.

import type { z } from 'zod';
import type { Dispatcher } from 'undici';
import { parseJson, type JsonValue } from '../core/json';
import type { Id } from '../core/ids';
import type { KnownBefore, WriteIntent } from '../core/writeIntent';
import { createDispatcher, send } from './transport';
import {
  normaliseCode,
  privilegeRefused,
  SessionExpiredError,
  VensoftConnectionError,
  VensoftError,
} from './vensoftError';
import * as wire from './wireSchemas';
import { toCurl as renderCurl } from './curl';
import { wireCalls, withWriteMeaning, type PrivilegeFlags, type WireCall } from './wireCalls';

export interface RequestLogEntry {
  /** The API method, e.g. "list/machine". */
  method: string;
  /** URL path only (ids are not secret); never a header, query or body. */
  path: string;
  status: number | 'failed';
  /** Why it failed: the server's code ("42501"), or the connection problem ("refused"); never a message. */
  code?: string;
  ms: number;
  bytes: number;
}

/**
 * One request and its answer, for the request history: never the SessionKey or DeviceToken header.
 * Handed over as it is, on the request's path: the call as sent and the answer's text, nothing copied
 * or redacted. Whoever keeps one redacts it first (src/history/redaction.ts).
 */
export interface Exchange {
  /** The call as sent. */
  call: WireCall;
  status: number | 'failed';
  code?: string;
  /** When it was sent, ms since the epoch. */
  startedAt: number;
  ms: number;
  bytes: number;
  /** The answer's text as received; '' when none came. */
  response: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_DEADLINE_MS = 120_000;

export interface VensoftClientOptions {
  /** Base URL with the version segment: https://api.vensoft.de/stable/ */
  baseUrl: string;
  sessionKey?: string;
  deviceToken?: string;
  /** Idle timeout: the longest wait for the answer to start, or for its next piece; default 30 s. */
  timeoutMs?: number;
  /** Total deadline of one request, however slowly the answer trickles in; default 120 s. */
  deadlineMs?: number;
  proxy?: string;
  trustSelfSigned?: boolean;
  /** Called after every request; the entry never holds a key or a password. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Called after every request with the call and its answer (for the history), as they are: not redacted. */
  onExchange?: (exchange: Exchange) => void;
  /** Retries of reads after a connection failure (never of writes). Default 2. */
  readRetries?: number;
  /** Called after a write to objects succeeded (update, updatemany, move, delete, undelete, deletemany). */
  onWrite?: (touched: { type: string; ids: readonly Id[] }) => void;
  /**
   * Called before every write goes out (not login or logout), with what it changes; the write is sent
   * once this resolves, and what it returns is told how the write ended (the change journal).
   */
  onWriteStart?: (intent: WriteIntent, context: WriteStartContext) => Promise<WriteSettle | undefined>;
}

export interface WriteStartContext {
  /** What the caller knew of the objects before (CallOptions.before). */
  before?: readonly KnownBefore[];
  /** This client, to read what is not known (a read never calls onWriteStart). */
  client: VensoftClient;
}

/** How a write ended: the server's parsed answer, or the error (a connection error may mean "unknown"). */
export type WriteOutcome = { ok: true; answer: unknown } | { ok: false; error: unknown };
export type WriteSettle = (outcome: WriteOutcome) => void;

export interface CallOptions {
  signal?: AbortSignal;
  /** For writes: what the caller knows of the objects just before (a document's base), for onWriteStart. */
  before?: readonly KnownBefore[];
}

export interface ListOptions extends CallOptions, PrivilegeFlags {}

export class VensoftClient {
  private readonly baseUrl: URL;
  private readonly dispatcher: Dispatcher;
  sessionKey: string | undefined;

  constructor(private readonly options: VensoftClientOptions) {
    this.baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    if (this.baseUrl.username || this.baseUrl.password || this.baseUrl.search) {
      throw new Error('The base URL must not carry credentials or a query string.');
    }
    this.dispatcher = createDispatcher({
      proxy: options.proxy,
      trustSelfSigned: options.trustSelfSigned,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    this.sessionKey = options.sessionKey;
  }

  // ---- auth ----

  /** Logs in; the session key is kept by the client and returned. */
  async login(username: string, password: string, options: CallOptions = {}): Promise<string> {
    const result = await this.call(wireCalls.login(username, password), wire.loginResultSchema, options);
    this.sessionKey = result.SessionKey;
    return result.SessionKey;
  }

  async logout(options: CallOptions = {}): Promise<boolean> {
    const result = await this.call(wireCalls.logout(), wire.logoutResultSchema, options);
    this.sessionKey = undefined;
    return result.Success;
  }

  async validate(options: CallOptions = {}): Promise<{ success: boolean; userId?: Id }> {
    const result = await this.call(wireCalls.validate(), wire.validateResultSchema, options);
    return { success: result.Success, userId: result.UserId };
  }

  // ---- reading ----

  describe(options: CallOptions = {}): Promise<wire.ObjectDescription[]> {
    return this.call(wireCalls.describe(), wire.objectDescriptionSchema.array(), options);
  }

  get(type: string, id: Id, options: ListOptions = {}): Promise<wire.TransferObject> {
    return this.call(wireCalls.get(type, id, options), wire.transferObjectSchema, options);
  }

  getMany(type: string, ids: readonly Id[], options: ListOptions = {}): Promise<wire.ListResult> {
    return this.call(wireCalls.getMany(type, ids, options), wire.listResultSchema, options);
  }

  list(type: string, filter?: wire.FilterInput | JsonValue, options: ListOptions = {}): Promise<wire.ListResult> {
    return this.call(wireCalls.list(type, filter, options), wire.listResultSchema, options);
  }

  getStructure(type: string, options: CallOptions = {}): Promise<wire.ListResult> {
    return this.call(wireCalls.getStructure(type), wire.listResultSchema, options);
  }

  getContainer(type: string, privilege: string, options: CallOptions = {}): Promise<Id[]> {
    return this.call(wireCalls.getContainer(type, privilege), wire.containerIdsSchema, options);
  }

  report(
    type: string,
    report: wire.ReportInput | JsonValue,
    filter?: wire.FilterInput | JsonValue,
    options: CallOptions = {},
  ): Promise<wire.ReportResult> {
    return this.call(wireCalls.report(type, report, filter), wire.reportResultSchema, options);
  }

  aceGet(query: { entity?: Id; trustee?: Id } = {}, options: CallOptions = {}): Promise<wire.Ace[]> {
    return this.call(wireCalls.aceGet(query), wire.aceSchema.array(), options);
  }

  // ---- writing (never retried) ----

  create(type: string, definition: Record<string, JsonValue>, options: CallOptions = {}): Promise<wire.TransferObject> {
    return this.call(wireCalls.create(type, definition), wire.transferObjectSchema, options);
  }

  update(
    type: string,
    id: Id,
    definition: Record<string, JsonValue>,
    options: CallOptions = {},
  ): Promise<wire.TransferObject> {
    return this.call(wireCalls.update(type, id, definition), wire.transferObjectSchema, options);
  }

  async updateMany(
    type: string,
    ids: readonly Id[],
    definition: Record<string, JsonValue>,
    options: CallOptions = {},
  ): Promise<Map<Id, boolean>> {
    return perId(await this.call(wireCalls.updateMany(type, ids, definition), wire.perIdResultSchema, options));
  }

  async move(type: string, id: Id, parentId: Id, options: CallOptions = {}): Promise<boolean> {
    return (await this.call(wireCalls.move(type, id, parentId), wire.resultSchema, options)).result;
  }

  async delete(type: string, id: Id, options: CallOptions = {}): Promise<boolean> {
    return (await this.call(wireCalls.delete(type, id), wire.resultSchema, options)).result;
  }

  async undelete(type: string, id: Id, options: CallOptions = {}): Promise<boolean> {
    return (await this.call(wireCalls.undelete(type, id), wire.resultSchema, options)).result;
  }

  async deleteMany(type: string, ids: readonly Id[], options: CallOptions = {}): Promise<Map<Id, boolean>> {
    return perId(await this.call(wireCalls.deleteMany(type, ids), wire.perIdResultSchema, options));
  }

  async aceSet(ace: wire.Ace, options: CallOptions = {}): Promise<boolean> {
    return (await this.call(wireCalls.aceSet(ace), wire.resultSchema, options)).result;
  }

  async aceDelete(ace: wire.Ace, options: CallOptions = {}): Promise<boolean> {
    return (await this.call(wireCalls.aceDelete(ace), wire.resultSchema, options)).result;
  }

  /** Bulk upload (needs a DeviceToken). The emulator takes a JSON array of definitions. */
  async upload(type: string, data: JsonValue, options: CallOptions = {}): Promise<boolean> {
    if (!this.options.deviceToken) throw new Error('upload needs a DeviceToken: create the client with deviceToken.');
    return (await this.call(wireCalls.upload(type, data), wire.resultSchema, options)).result;
  }

  /** The same call as a runnable curl command, with the session key as $VENSOFT_SESSION. */
  toCurl(call: WireCall): string {
    return renderCurl(this.baseUrl, call, this.options.deviceToken);
  }

  /**
   * Sends a call as it is (a re-run from the history) and returns the server's answer, parsed
   * losslessly. A write goes the way of every write: told to onWriteStart (the journal) and onWrite.
   */
  replay(call: WireCall, options: CallOptions = {}): Promise<JsonValue> {
    const write = withWriteMeaning(call);
    return write.intent
      ? (this.call(write, wire.jsonValueSchema, options) as Promise<JsonValue>)
      : this.exchange(call, options);
  }

  /** Closes idle keep-alive connections. */
  close(): Promise<void> {
    return this.dispatcher.close();
  }

  // ---- plumbing ----

  private async call<S extends z.ZodType>(call: WireCall, schema: S, options: CallOptions): Promise<z.output<S>> {
    const settle =
      call.intent && (await this.options.onWriteStart?.(call.intent, { before: options.before, client: this }));
    try {
      const answer = await this.callOnce(call, schema, options);
      if (settle) settle({ ok: true, answer });
      return answer;
    } catch (error) {
      if (settle) settle({ ok: false, error });
      throw error;
    }
  }

  private async callOnce<S extends z.ZodType>(call: WireCall, schema: S, options: CallOptions): Promise<z.output<S>> {
    const body = await this.exchange(call, options);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new VensoftConnectionError(
        'unexpected-response',
        `The answer does not have the documented shape: ${issue.path.join('.') || '(top level)'}: ${issue.message}.`,
        call.method,
      );
    }
    if (call.touches) this.options.onWrite?.(call.touches);
    return parsed.data;
  }

  /** Sends a call, retrying reads on connection failures; returns the parsed JSON of a 200. */
  private async exchange(call: WireCall, options: CallOptions): Promise<JsonValue> {
    const retries = call.read ? (this.options.readRetries ?? 2) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.exchangeOnce(call, options);
      } catch (e) {
        const retryable =
          e instanceof VensoftConnectionError && ['refused', 'reset', 'truncated', 'dns'].includes(e.problem);
        if (!retryable || attempt >= retries || options.signal?.aborted) throw e;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  private async exchangeOnce(call: WireCall, options: CallOptions): Promise<JsonValue> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (call.authenticated) {
      if (!this.sessionKey) throw new SessionExpiredError(call.method, 'Not logged in.');
      headers.SessionKey = this.sessionKey;
    }
    if (this.options.deviceToken) headers.DeviceToken = this.options.deviceToken;
    let body: string | undefined;
    if (call.json !== undefined) {
      body = call.json;
      headers['Content-Type'] = 'application/json';
    } else if (call.form?.length) {
      body = call.form.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const url = new URL(call.path, this.baseUrl);
    const started = performance.now();
    const startedAt = this.options.onExchange ? Date.now() : 0;
    let status: number | 'failed' = 'failed';
    let bytes = 0;
    let code: string | undefined;
    let text = '';
    try {
      const timeouts = {
        timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        deadlineMs: this.options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      };
      const res = await send(
        this.dispatcher,
        { url, headers, body, signal: options.signal, method: call.method },
        timeouts,
      );
      status = res.status;
      text = res.text;
      bytes = Buffer.byteLength(res.text);
      return await this.interpret(call, res.status, res.contentType, res.text, options);
    } catch (e) {
      code = e instanceof VensoftError ? e.code : e instanceof VensoftConnectionError ? e.problem : undefined;
      throw e;
    } finally {
      const ms = performance.now() - started;
      this.options.onRequest?.({ method: call.method, path: url.pathname, status, code, ms, bytes });
      this.options.onExchange?.({ call, status, code, startedAt, ms, bytes, response: text });
    }
  }

  private async interpret(
    call: WireCall,
    status: number,
    contentType: string,
    text: string,
    options: CallOptions,
  ): Promise<JsonValue> {
    let json: JsonValue;
    try {
      json = parseJson(text);
    } catch {
      const looksHtml = /^\s*</.test(text) || contentType.includes('html');
      throw new VensoftConnectionError(
        text.trim() === '' ? 'truncated' : 'not-json',
        looksHtml
          ? `The server answered HTTP ${status} with a web page instead of JSON: a proxy or gateway failed, or the URL does not point at the Vensoft API.`
          : text.trim() === ''
            ? `The server answered HTTP ${status} with an empty body.`
            : `The server answered HTTP ${status} with something that is not JSON (or was cut off).`,
        call.method,
      );
    }
    if (status === 200) return json;
    const error = wire.errorBodySchema.safeParse(json);
    if (!error.success) {
      throw new VensoftConnectionError(
        'unexpected-response',
        `The server answered HTTP ${status} without a Vensoft error body.`,
        call.method,
      );
    }
    const code = normaliseCode(error.data.code);
    // 42501 means "no privilege" and "session gone" alike: ask validate once to tell them apart.
    if (code === '42501' && call.authenticated && call.method !== 'auth/validate') {
      const alive = await this.sessionAlive(options);
      if (alive === false) throw new SessionExpiredError(call.method, error.data.message);
      if (alive) throw privilegeRefused(call.method, error.data.message, status);
    }
    throw new VensoftError(code, error.data.message, call.method, status);
  }

  /** undefined: validate failed too, so it cannot tell (the original error is reported as it is). */
  private async sessionAlive(options: CallOptions): Promise<boolean | undefined> {
    try {
      return (await this.validate(options)).success;
    } catch {
      return undefined;
    }
  }
}

function perId(result: Record<string, boolean>): Map<Id, boolean> {
  return new Map(Object.entries(result).map(([id, ok]) => [BigInt(id), ok]));
}
