// Vensoft ids are unsigned 64-bit integers. In this project an id is always a `bigint`; it is
// never a JS number, because anything above 2^53 would be rounded.

export type Id = bigint;

export const MAX_ID = (1n << 64n) - 1n;

/**
 * Normalises what may arrive as an id: a bigint, a safe integer number, or a string of digits.
 * Returns undefined when the value is not a valid unsigned 64-bit id. Unsafe JS numbers are refused
 * because they may already have been rounded.
 */
export function toId(value: unknown): Id | undefined {
  let id: bigint;
  if (typeof value === 'bigint') id = value;
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return undefined;
    id = BigInt(value);
  } else if (typeof value === 'string') {
    if (!/^\d{1,20}$/.test(value)) return undefined;
    id = BigInt(value);
  } else return undefined;
  return id >= 0n && id <= MAX_ID ? id : undefined;
}
