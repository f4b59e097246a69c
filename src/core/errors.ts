// How any error reads to a user (for a Vensoft error: the server's words, its code and what to do),
// and the guards that tell failures apart. The client's error classes live in dist/api.js and the
// query feature has its own copy of core, so `instanceof` across bundles is false: these guards go
// by the names and fields the classes set (ERROR_NAMES), the same in every bundle.

export const ERROR_NAMES = {
  server: 'VensoftError',
  sessionExpired: 'SessionExpiredError',
  connection: 'VensoftConnectionError',
  notLoggedIn: 'NotLoggedInError',
  userFacing: 'UserFacingError',
} as const;

/** What the server answered with an error (VensoftError, SessionExpiredError), as seen from any bundle. */
export interface ServerFailure extends Error {
  /** The SQLSTATE, five characters ("42501", "P0002"), or "14" for unknown. */
  code: string;
  serverMessage: string;
  /** The API method, e.g. "get/machine". */
  method: string;
  /** What to do, in English (logs); the editor words it by hintId in the display language. */
  hint: string;
  /** Which hint (stable): the code, "privilege:<read|create|update|delete|undelete|set privilege|move|>", "session-ended", "server". */
  hintId?: string;
}

/** No usable answer (VensoftConnectionError): refused, timeout, a gateway's web page, … */
export interface ConnectionFailure extends Error {
  /** "refused", "dns", "tls", "timeout", "aborted", "reset", "not-json", "truncated", "unexpected-response", "proxy". */
  problem: string;
  method: string;
}

/** No session: the command needs one (requireSession, SessionManager.run). */
export class NotLoggedInError extends Error {
  constructor(message = 'Log in to Vensoft first.') {
    super(message);
    this.name = ERROR_NAMES.notLoggedIn;
  }
}

/** A failure already said whole, in the user's words ("You may create no object type here."): shown as it is. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = ERROR_NAMES.userFacing;
  }
}

const named = (e: unknown, name: string): e is Error => e instanceof Error && e.name === name;

export function isServerFailure(e: unknown): e is ServerFailure {
  const v = e as Partial<ServerFailure> | undefined;
  return e instanceof Error && typeof v?.code === 'string' && typeof v.serverMessage === 'string';
}

/** The session key is unknown or expired: logging in again helps. */
export function isSessionExpired(e: unknown): e is ServerFailure {
  return named(e, ERROR_NAMES.sessionExpired) && isServerFailure(e);
}

/** No usable answer came; with `problem`, only that kind ("refused": nothing listens there). */
export function isConnectionError(e: unknown, problem?: string): e is ConnectionFailure {
  return (
    named(e, ERROR_NAMES.connection) &&
    typeof (e as ConnectionFailure).problem === 'string' &&
    (problem === undefined || (e as ConnectionFailure).problem === problem)
  );
}

export function isNotLoggedIn(e: unknown): e is NotLoggedInError {
  return named(e, ERROR_NAMES.notLoggedIn);
}

export function isUserFacing(e: unknown): e is UserFacingError {
  return named(e, ERROR_NAMES.userFacing);
}

/** The server's code of a failure it answered ("28P01", "P0002"); undefined for any other error. */
export function codeOf(e: unknown): string | undefined {
  return isServerFailure(e) ? e.code : undefined;
}

/** A user-facing message: the server's words, the code and what to do. */
export function describeError(e: unknown): string {
  if (isServerFailure(e)) return `${e.serverMessage} (${e.code}). ${e.hint}`;
  return e instanceof Error ? e.message : String(e);
}
