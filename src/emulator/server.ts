// The emulator's HTTP front: /{version}/{method}/{params…}/, GET or POST, form fields or raw JSON,
// SessionKey and DeviceToken headers. Success is 200 with JSON; every error is 500 with
// {"code", "message"} (404 for an unknown API version), as the wire contract says.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringifyJson, type JsonValue } from '../core/json';
import { ApiError, fromDatabaseError, SESSION_INVALID, wireCode } from './errors';
import { checkRequestText, parseFormFields, parseRequestJson, type Call, type Caller } from './call';
import { LIMITS } from './limits';
import type { Context } from './context';
import * as auth from './authMethods';
import * as read from './readMethods';
import * as write from './writeMethods';
import * as ace from './aceMethods';
import { report } from './reportMethod';

export const API_VERSIONS = ['stable', '2'];
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

type Handler = (ctx: Context, call: Call) => Promise<JsonValue>;

interface Route {
  /** Names of the path parameters, for usage messages. */
  params: string[];
  /** 'session' needs a valid SessionKey (or "anonymous"); 'none' handles the key itself. */
  auth: 'session' | 'none';
  handler: Handler;
}

const ROUTES: Record<string, Route> = {
  'auth/login': { params: [], auth: 'none', handler: auth.login },
  'auth/logout': { params: [], auth: 'session', handler: auth.logout },
  'auth/validate': { params: [], auth: 'none', handler: auth.validate },
  describe: { params: [], auth: 'session', handler: read.describe },
  get: { params: ['ObjectTypeName', 'ObjectId'], auth: 'session', handler: read.get },
  getmany: { params: ['ObjectTypeName'], auth: 'session', handler: read.getmany },
  list: { params: ['ObjectTypeName'], auth: 'session', handler: read.list },
  getstructure: { params: ['ObjectTypeName'], auth: 'session', handler: read.getstructure },
  getcontainer: { params: ['ObjectTypeName', 'Privilege'], auth: 'session', handler: read.getcontainer },
  create: { params: ['ObjectTypeName'], auth: 'session', handler: write.create },
  update: { params: ['ObjectTypeName', 'ObjectId'], auth: 'session', handler: write.update },
  updatemany: { params: ['ObjectTypeName'], auth: 'session', handler: write.updatemany },
  move: { params: ['ObjectTypeName', 'ObjectId', 'ParentId'], auth: 'session', handler: write.move },
  delete: { params: ['ObjectTypeName', 'ObjectId'], auth: 'session', handler: write.deleteObject },
  undelete: { params: ['ObjectTypeName', 'ObjectId'], auth: 'session', handler: write.undelete },
  deletemany: { params: ['ObjectTypeName'], auth: 'session', handler: write.deletemany },
  report: { params: ['ObjectTypeName'], auth: 'session', handler: report },
  'ace/get': { params: [], auth: 'session', handler: ace.aceGet },
  'ace/set': { params: [], auth: 'session', handler: ace.aceSet },
  'ace/delete': { params: [], auth: 'session', handler: ace.aceDelete },
  upload: { params: ['ObjectTypeName'], auth: 'session', handler: write.upload },
};

export interface RequestLogEntry {
  method: string;
  /** The path only: never the query string, never a header. */
  path: string;
  status: number;
  code?: string;
  ms: number;
}

export interface ServerOptions {
  maxBodyBytes?: number;
  /** Bound to a loopback address: refuse requests whose Host is not a loopback name. */
  loopbackOnly?: boolean;
  onRequest?: (entry: RequestLogEntry) => void;
}

export function createServer(ctx: Context, options: ServerOptions = {}): http.Server {
  const limits: BodyLimits = {
    maxBody: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    loopbackOnly: options.loopbackOnly ?? false,
  };
  const server = http.createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    handle(ctx, req, limits)
      .then((body) => send(req, res, 200, body))
      .catch((e: unknown) => {
        const error = toApiError(e);
        send(req, res, error.httpStatus, { code: wireCode(error.code), message: boundedMessage(error.message) });
        return error.code;
      })
      .then((code) =>
        options.onRequest?.({
          method: req.method ?? '',
          path,
          status: res.statusCode,
          code: code ?? undefined,
          ms: performance.now() - started,
        }),
      );
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

/** Messages may quote what the client sent; a huge quote is cut, so an answer stays small. */
function boundedMessage(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS)}…`;
}

const MAX_MESSAGE_CHARS = 2000;

function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const mapped = fromDatabaseError(e);
  if (mapped) return mapped;
  console.error(`vensoft emulator: internal error: ${(e as Error)?.stack ?? String(e)}`);
  return new ApiError(
    'XX000',
    `Internal error in the emulator: ${(e as Error)?.message ?? String(e)}. This is a bug; please report it with the request that caused it.`,
  );
}

/**
 * An answer given before a large body arrived (refused early) closes the connection, so the rest
 * of that body is never read. A small unread body Node reads and drops itself, keeping the connection.
 */
function abandonsLargeBody(req: http.IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return length === undefined
    ? req.headers['transfer-encoding'] !== undefined
    : Number(length) > LIMITS.unauthenticatedBodyBytes;
}

interface BodyLimits {
  maxBody: number;
  loopbackOnly: boolean;
}

function send(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: JsonValue): void {
  const text = stringifyJson(body);
  const close = abandonsLargeBody(req) ? { Connection: 'close' } : {};
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...close,
  });
  res.end(text);
}

async function handle(ctx: Context, req: http.IncomingMessage, limits: BodyLimits): Promise<JsonValue> {
  checkHost(req, limits.loopbackOnly);
  const url = new URL(req.url ?? '/', 'http://emulator');
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  if (segments.length === 0 || (segments.length === 1 && segments[0] === 'healthz')) {
    return { service: 'Vensoft API emulator', versions: API_VERSIONS, documentation: 'https://api.vensoft.de/' };
  }
  const [version, ...rest] = segments;
  if (!API_VERSIONS.includes(version!)) {
    throw new ApiError(
      '42883',
      `Unknown API version "${version}". This server provides: ${API_VERSIONS.map((v) => `/${v}/`).join(', ')}.`,
      404,
    );
  }
  const twoPart = rest.length >= 2 ? `${rest[0]}/${rest[1]}` : '';
  // Own properties only: "constructor" or "__proto__" name no method.
  const name = Object.hasOwn(ROUTES, twoPart) ? twoPart : (rest[0] ?? '');
  const route = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
  if (!route) {
    throw new ApiError(
      '42883',
      `Unknown method "${rest.join('/').slice(0, LIMITS.nameLength)}". Methods: ${Object.keys(ROUTES).join(', ')}.`,
    );
  }
  if (req.method !== 'POST' && req.method !== 'GET') {
    throw new ApiError('42883', `HTTP method ${req.method} is not supported; use POST (or GET).`);
  }
  const params = rest.slice(name.split('/').length).map((p) => {
    try {
      const decoded = decodeURIComponent(p);
      checkRequestText(decoded, 'path');
      return decoded;
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError(
        '22023',
        `The path segment "${p.slice(0, LIMITS.nameLength)}" is not valid percent-encoded UTF-8.`,
      );
    }
  });
  const usage = `Usage: POST /${version}/${name}/${route.params.map((p) => `{${p}}/`).join('')}`;
  if (params.length < route.params.length)
    throw new ApiError('22004', `${route.params[params.length]} is missing from the path. ${usage}`);
  if (params.length > route.params.length) throw new ApiError('22023', `Too many path segments. ${usage}`);

  const fields = parseFormFields(url.search.slice(1), 'query string');
  // Credentials in a URL end up in proxy and server logs: refuse them outright.
  for (const key of Object.keys(fields)) {
    if (/^(username|password)$/i.test(key)) {
      throw new ApiError(
        '22023',
        'Credentials must not be sent in the URL, where logs keep them. Send Username and Password as form fields in the POST body.',
      );
    }
  }

  const headers = { sessionKey: header(req, 'sessionkey'), deviceToken: header(req, 'devicetoken') };
  // The caller is known before the body is read: a request without a live session reads at most
  // a small body, so nobody can make the server read and parse megabytes without logging in.
  const caller = route.auth === 'session' ? await authenticate(ctx, headers.sessionKey) : NO_CALLER;
  const text = await readBody(
    req,
    route.auth === 'session' ? limits.maxBody : Math.min(limits.maxBody, LIMITS.unauthenticatedBodyBytes),
  );
  let body: JsonValue | undefined;
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') body = parseRequestJson(text, 'request body');
  else if (text.length > 0) Object.assign(fields, parseFormFields(text, 'request body'));
  return route.handler(ctx, { params, fields, body, headers, caller });
}

const NO_CALLER: Caller = Object.freeze({
  userId: 0n,
  access: undefined as never,
  sessionDeviceToken: null,
  sessionKeyHash: null,
});

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const LOOPBACK_NAMES = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|[a-z0-9-]+\.localhost)(:\d+)?$/i;

/**
 * Bound to loopback, the emulator answers only requests addressed to a loopback name: a web page
 * whose DNS name is re-pointed at 127.0.0.1 (DNS rebinding) sends its own Host and is refused.
 */
function checkHost(req: http.IncomingMessage, loopbackOnly: boolean): void {
  const host = req.headers.host;
  if (!loopbackOnly || host === undefined || LOOPBACK_NAMES.test(host)) return;
  throw new ApiError(
    '42501',
    `This emulator listens on loopback only and answers requests addressed to localhost, 127.0.0.1 or [::1]; Host "${host.slice(0, LIMITS.nameLength)}" is refused (DNS rebinding protection).`,
    403,
  );
}

async function authenticate(ctx: Context, key: string | undefined): Promise<Caller> {
  if (!key)
    throw new ApiError(
      '42501',
      `${SESSION_INVALID} No SessionKey header was sent: log in with auth/login and send the key as "SessionKey: <key>".`,
    );
  if (key === 'anonymous') {
    const access = await ctx.acl.forUser(ctx.anonymousUserId);
    if (!access) throw new ApiError('42501', SESSION_INVALID);
    return { userId: ctx.anonymousUserId, access, sessionDeviceToken: null, sessionKeyHash: null };
  }
  const session = await ctx.sessions.resolve(key);
  // A deleted or deactivated user's sessions end with the account.
  const access = session && (await ctx.acl.forUser(session.userId));
  if (!session || !access) throw new ApiError('42501', SESSION_INVALID);
  return { userId: session.userId, access, sessionDeviceToken: session.deviceToken, sessionKeyHash: session.keyHash };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as text, refused (54000) as soon as it is known to exceed `maxBody`, and (22023) when not UTF-8. */
function readBody(req: http.IncomingMessage, maxBody: number): Promise<string> {
  const tooLarge = (size: string) =>
    new ApiError(
      '54000',
      `The request body is ${size} bytes; the limit is ${maxBody} bytes${
        maxBody === LIMITS.unauthenticatedBodyBytes ? ' before logging in' : ''
      }. Split the request (e.g. fewer ids or objects per call).`,
    );
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBody) return Promise.reject(tooLarge(String(declared)));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBody) chunks.push(chunk);
      else {
        // Stop reading: the answer goes out now and the connection closes after it.
        req.pause();
        reject(tooLarge(`more than ${maxBody}`));
      }
    });
    req.on('end', () => {
      try {
        resolve(UTF8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new ApiError('22023', 'The request body is not valid UTF-8; send text encoded as UTF-8.'));
      }
    });
    req.on('error', reject);
  });
}

export function serverUrl(server: http.Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/stable/`;
}
