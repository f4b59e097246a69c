// Before starting the local emulator: what already answers at its URL. A Vensoft API there (an
// emulator started by `npm start` or by hand) is used as it is; anything else means another port.
import { parseJson } from '../core/json';

export type ProbeResult = 'free' | 'vensoft' | 'other';

/** Asks `auth/validate` without a key: a Vensoft API answers with its JSON (an error body or Success). */
export async function probeEmulatorUrl(baseUrl: string): Promise<ProbeResult> {
  let text: string;
  try {
    const res = await fetch(new URL('auth/validate/', baseUrl), { method: 'POST', signal: AbortSignal.timeout(5000) });
    text = await res.text();
  } catch (e) {
    return refused(e) ? 'free' : 'other';
  }
  try {
    const body = parseJson(text);
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    return isObject && (('code' in body && 'message' in body) || 'Success' in body) ? 'vensoft' : 'other';
  } catch {
    return 'other';
  }
}

function refused(e: unknown): boolean {
  const cause = (e as { cause?: { code?: string } })?.cause;
  return cause?.code === 'ECONNREFUSED';
}
