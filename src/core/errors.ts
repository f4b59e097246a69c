// How any error reads to a user: for a Vensoft error, the server's words, its code and what to do.

/** A user-facing message: the server's words, the code and what to do. */
export function describeError(e: unknown): string {
  const v = e as { serverMessage?: string; code?: string; hint?: string; message?: string };
  if (typeof v?.serverMessage === 'string') return `${v.serverMessage} (${v.code}). ${v.hint}`;
  return e instanceof Error ? e.message : String(e);
}
