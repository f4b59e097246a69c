// Raw HTTP for contract tests: the exact wire forms the documentation shows (curl -d form fields,
// raw JSON bodies, headers), with responses parsed losslessly.

import { parseJson, type JsonValue } from '../../src/core/json';

export interface WireResponse {
  status: number;
  text: string;
  body: JsonValue;
}

export interface WireRequest {
  method?: 'GET' | 'POST' | 'PUT';
  sessionKey?: string;
  deviceToken?: string;
  /** Sent like curl -d: joined with "&", not encoded (so the caller controls encoding). */
  curlData?: string[];
  /** Sent percent-encoded, as a careful client does. */
  form?: Record<string, string>;
  /** A raw body (JSON text for create/update/upload), sent like curl -d '{…}'. */
  raw?: string;
  contentType?: string;
}

export async function wire(baseUrl: string, path: string, request: WireRequest = {}): Promise<WireResponse> {
  const headers: Record<string, string> = {};
  if (request.sessionKey !== undefined) headers.SessionKey = request.sessionKey;
  if (request.deviceToken !== undefined) headers.DeviceToken = request.deviceToken;
  let body: string | undefined;
  if (request.curlData) body = request.curlData.join('&');
  else if (request.form) body = new URLSearchParams(request.form).toString().replace(/\+/g, '%20');
  else if (request.raw !== undefined) body = request.raw;
  // curl -d sends application/x-www-form-urlencoded whatever the body holds.
  if (body !== undefined) headers['Content-Type'] = request.contentType ?? 'application/x-www-form-urlencoded';
  const res = await fetch(new URL(path, baseUrl), { method: request.method ?? 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, body: text ? parseJson(text) : null };
}

/** Logs in with the documented form fields and returns the SessionKey. */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await wire(baseUrl, 'auth/login/', {
    curlData: [`Username=${encodeURIComponent(username)}`, `Password=${encodeURIComponent(password)}`],
  });
  const key = (res.body as { SessionKey?: string }).SessionKey;
  if (res.status !== 200 || typeof key !== 'string') throw new Error(`login as ${username} failed: ${res.status}`);
  return key;
}

export const ACCOUNTS = {
  demo: ['demo@vensoft.test', 'demo'],
  operator: ['operator@vensoft.test', 'operator'],
  reader: ['reader@vensoft.test', 'reader'],
} as const;

/** Logs in every demo account; the keys by account. */
export async function loginAll(baseUrl: string): Promise<Record<keyof typeof ACCOUNTS, string>> {
  const keys = { demo: '', operator: '', reader: '' };
  for (const who of Object.keys(ACCOUNTS) as Array<keyof typeof ACCOUNTS>) {
    const [username, password] = ACCOUNTS[who];
    keys[who] = await login(baseUrl, username, password);
  }
  return keys;
}

/** The body of a 200 answer (fails the test with the answer otherwise). */
export function answer(res: WireResponse): JsonValue {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${res.text}`);
  return res.body;
}

/** The {code, message} of an error answer (fails the test on a 200). */
export function refusal(res: WireResponse): { code: number | string; message: string } {
  if (res.status === 200) throw new Error(`expected an error, got 200: ${res.text.slice(0, 300)}`);
  const { code, message } = res.body as { code: number | string; message: string };
  if (typeof message !== 'string') throw new Error(`an error without a message: ${res.text}`);
  return { code, message };
}
