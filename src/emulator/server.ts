// The emulator's HTTP front: /{version}/{method}/{params…}/, GET or POST, form fields or raw JSON,
// SessionKey and DeviceToken headers. Success is 200 with JSON; every error is 500 with
// {"code", "message"} (404 for an unknown API version), as the wire contract says.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringifyJson, type JsonValue } from '../core/json';
import { ApiError, fromDatabaseError, SESSION_INVALID, wireCode } from './errors';
import { parseRequestJson, type Call, type Caller } from './call';
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
  onRequest?: (entry: RequestLogEntry) => void;
}

export function createServer(ctx: Context, options: ServerOptions = {}): http.Server {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const server = http.createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    handle(ctx, req, maxBody)
      .then((body) => send(res, 200, body))
      .catch((e: unknown) => {
        const error = toApiError(e);
        send(res, error.httpStatus, { code: wireCode(error.code), message: error.message });
        return error.code;
      })
      .then((code) => options.onRequest?.({ method: req.method ?? '', path, status: res.statusCode, code: code ?? undefined, ms: performance.now() - started }));
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const mapped = fromDatabaseError(e);
  if (mapped) return mapped;
  console.error(`vensoft emulator: internal error: ${(e as Error)?.stack ?? String(e)}`);
  return new ApiError('XX000', `Internal error in the emulator: ${(e as Error)?.message ?? String(e)}. This is a bug; please report it with the request that caused it.`);
}

function send(res: http.ServerResponse, status: number, body: JsonValue): void {
  const text = stringifyJson(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

async function handle(ctx: Context, req: http.IncomingMessage, maxBody: number): Promise<JsonValue> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  if (segments.length === 0 || (segments.length === 1 && segments[0] === 'healthz')) {
    return { service: 'Vensoft API emulator', versions: API_VERSIONS, documentation: 'https://api.vensoft.de/' };
  }
  const [version, ...rest] = segments;
  if (!API_VERSIONS.includes(version!)) {
    throw new ApiError('42883', `Unknown API version "${version}". This server provides: ${API_VERSIONS.map((v) => `/${v}/`).join(', ')}.`, 404);
  }
  const twoPart = rest.length >= 2 ? `${rest[0]}/${rest[1]}` : '';
  const name = ROUTES[twoPart] ? twoPart : rest[0] ?? '';
  const route = ROUTES[name];
  if (!route) {
    throw new ApiError('42883', `Unknown method "${rest.join('/')}". Methods: ${Object.keys(ROUTES).join(', ')}.`);
  }
  if (req.method !== 'POST' && req.method !== 'GET') {
    throw new ApiError('42883', `HTTP method ${req.method} is not supported; use POST (or GET).`);
  }
  const params = rest.slice(name.split('/').length).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      throw new ApiError('22023', `The path segment "${p}" is not valid percent-encoding.`);
    }
  });
  const usage = `Usage: POST /${version}/${name}/${route.params.map((p) => `{${p}}/`).join('')}`;
  if (params.length < route.params.length) throw new ApiError('22004', `${route.params[params.length]} is missing from the path. ${usage}`);
  if (params.length > route.params.length) throw new ApiError('22023', `Too many path segments. ${usage}`);

  // Credentials in a URL end up in proxy and server logs: refuse them outright.
  for (const key of url.searchParams.keys()) {
    if (/^(username|password)$/i.test(key)) {
      throw new ApiError('22023', 'Credentials must not be sent in the URL, where logs keep them. Send Username and Password as form fields in the POST body.');
    }
  }

  const text = await readBody(req, maxBody);
  const fields: Record<string, string> = Object.fromEntries(url.searchParams);
  let body: JsonValue | undefined;
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') body = parseRequestJson(text, 'request body');
  else if (text.length > 0) Object.assign(fields, Object.fromEntries(new URLSearchParams(text)));

  const headers = { sessionKey: header(req, 'sessionkey'), deviceToken: header(req, 'devicetoken') };
  // Login and validate judge the key themselves; every other method needs a live session.
  const caller = route.auth === 'session' ? await authenticate(ctx, headers.sessionKey) : NO_CALLER;
  return route.handler(ctx, { params, fields, body, headers, caller });
}

const NO_CALLER: Caller = Object.freeze({ userId: 0n, access: undefined as never, sessionDeviceToken: null, sessionKeyHash: null });

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function authenticate(ctx: Context, key: string | undefined): Promise<Caller> {
  if (!key) throw new ApiError('42501', `${SESSION_INVALID} No SessionKey header was sent: log in with auth/login and send the key as "SessionKey: <key>".`);
  if (key === 'anonymous') {
    return { userId: ctx.anonymousUserId, access: await ctx.acl.forUser(ctx.anonymousUserId), sessionDeviceToken: null, sessionKeyHash: null };
  }
  const session = await ctx.sessions.resolve(key);
  if (!session) throw new ApiError('42501', SESSION_INVALID);
  return { userId: session.userId, access: await ctx.acl.forUser(session.userId), sessionDeviceToken: session.deviceToken, sessionKeyHash: session.keyHash };
}

function readBody(req: http.IncomingMessage, maxBody: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) reject(new ApiError('54000', `The request body is ${size} bytes; the limit is ${maxBody} bytes. Split the request (e.g. fewer ids or objects per call).`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function serverUrl(server: http.Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/stable/`;
}
