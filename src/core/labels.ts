// How an object is named in lists: by its most meaningful attribute (name, serial_number,
// msisdn…), with the id beside it.
import type { JsonValue } from './json';

// tstamp before choice: a sale has both, and "choice 3" named hundreds of sales alike.
const LABEL_ATTRIBUTES = [
  'name',
  'serial_number',
  'msisdn',
  'email',
  'code',
  'title',
  'imsi',
  'iccid',
  'tstamp',
  'choice',
];

export function objectLabel(definition: Record<string, JsonValue> | undefined, fallback: string): string {
  if (definition) {
    for (const attribute of LABEL_ATTRIBUTES) {
      const value = definition[attribute];
      if (value !== null && value !== undefined && value !== '') {
        if (attribute === 'choice') return `choice ${String(value)}`;
        return attribute === 'tstamp' ? readableTime(String(value)) : String(value);
      }
    }
  }
  return fallback;
}

/** "2026-11-28T14:03:12.000Z" → "2026-11-28 14:03:12": the server's time, to the second. */
function readableTime(value: string): string {
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d)?)/.exec(value);
  return m ? `${m[1]} ${m[2]}` : value;
}

/** 12345 → "12,345" (en) or "12.345" (de): in the display language given, never the machine's locale. */
export function formatCount(n: number, locale = 'en-US'): string {
  return n.toLocaleString(locale);
}
