// Any call as a runnable curl command. The session key is never written out: the command reads it
// from $VENSOFT_SESSION, and a login's password from $VENSOFT_PASSWORD.

import type { WireCall } from './wireCalls';

/** Quotes for a POSIX shell: single quotes, with embedded ones closed and escaped. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(baseUrl: URL | string, call: WireCall, deviceToken?: string): string {
  const url = new URL(call.path, baseUrl).toString();
  const parts = ['curl', shellQuote(url), '-X', 'POST'];
  if (call.authenticated) parts.push('-H', '"SessionKey: $VENSOFT_SESSION"');
  if (deviceToken) parts.push('-H', shellQuote(`DeviceToken: ${deviceToken}`));
  if (call.json !== undefined)
    parts.push('-H', shellQuote('Content-Type: application/json'), '--data-binary', shellQuote(call.json));
  for (const [name, value] of call.form ?? []) {
    if (call.method === 'auth/login' && name === 'Password')
      parts.push('--data-urlencode', '"Password=$VENSOFT_PASSWORD"');
    else parts.push('--data-urlencode', shellQuote(`${name}=${value}`));
  }
  return parts.join(' ');
}
