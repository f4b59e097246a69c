// How an object is named in lists: by its most meaningful attribute (name, serial_number,
// msisdn…), with the id beside it.
import type { JsonValue } from './json';

const LABEL_ATTRIBUTES = ['name', 'serial_number', 'msisdn', 'email', 'code', 'title', 'imsi', 'iccid', 'choice', 'tstamp'];

export function objectLabel(definition: Record<string, JsonValue> | undefined, fallback: string): string {
  if (definition) {
    for (const attribute of LABEL_ATTRIBUTES) {
      const value = definition[attribute];
      if (value !== null && value !== undefined && value !== '') {
        return attribute === 'choice' ? `choice ${String(value)}` : String(value);
      }
    }
  }
  return fallback;
}

/** The attributes a list should ask for to label objects of a type: the first label attribute it has. */
export function labelAttribute(attributes: readonly string[]): string | undefined {
  const keys = new Map(attributes.map((a) => [a.replace(/_/g, '').toLowerCase(), a]));
  for (const attribute of LABEL_ATTRIBUTES) {
    const found = keys.get(attribute.replace(/_/g, ''));
    if (found) return found;
  }
  return undefined;
}

/** 12345 → "12,345" regardless of the machine's locale, as the tree shows counts. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
