// Errors of the Vensoft client: one VensoftError for what the server answers, a distinct
// SessionExpiredError, and VensoftConnectionError for what goes wrong before an answer.
// Messages never contain a session key or a password. Their names are core's ERROR_NAMES, by which
// the guards of core/errors.ts know them in every bundle.
import { ERROR_NAMES, type ConnectionFailure, type ServerFailure } from '../core/errors';

const HINTS: Record<string, string> = {
  '01007': 'You cannot grant privileges you do not hold yourself.',
  '0B000': 'The session could not start; check the DeviceToken.',
  '22004': 'A required parameter is empty.',
  '22023': 'A parameter has an invalid value.',
  '28P01': 'Check the username (your e-mail address) and the password.',
  '42501': 'You lack the privilege for this, or your session has ended.',
  '42701': 'An attribute is named twice.',
  '42703': 'An attribute name is unknown for this type; use describe to see its attributes.',
  '42809': 'The object type name is unknown; use describe to list the types.',
  '42883': 'The method (or the API version in the URL) is unknown.',
  '54000': 'The request is too large; split it.',
  P0002: 'The object does not exist, or you may not see it.',
  XX000: 'The server failed; try again later or report it.',
  '14': 'The server reported an unknown error.',
};

/** 42501 → "42501", 1007 → "01007", "P0002" stays; 14 (unknown) stays "14". */
export function normaliseCode(code: unknown): string {
  if (typeof code === 'number' && Number.isInteger(code)) return code === 14 ? '14' : String(code).padStart(5, '0');
  if (typeof code === 'bigint') return code.toString().padStart(5, '0');
  if (typeof code === 'string' && code.trim() !== '')
    return /^\d+$/.test(code) && code !== '14' ? code.padStart(5, '0') : code;
  return '14';
}

export class VensoftError extends Error implements ServerFailure {
  /** A plain sentence of what to do about it (English; the editor shows its own words by hintId). */
  readonly hint: string;
  /** Which hint: the code when HINTS has it, "privilege:<what is needed>", "session-ended" or "server". */
  readonly hintId: string;
  constructor(
    /** The SQLSTATE, five characters ("42501", "P0002"), or "14" for unknown. */
    readonly code: string,
    /** The server's own message. */
    readonly serverMessage: string,
    /** The API method, e.g. "get/machine". */
    readonly method: string,
    readonly httpStatus: number,
    hint?: { id: string; text: string },
  ) {
    super(`${method}: ${serverMessage} (${code})`);
    this.name = ERROR_NAMES.server;
    this.hint = hint?.text ?? HINTS[code] ?? "See the server's message.";
    this.hintId = hint?.id ?? (HINTS[code] ? code : 'server');
  }
}

/** What an API method needs (by its first path segment), to name it when the server refuses. */
const NEEDED_BY_METHOD: Record<string, string> = {
  get: 'read',
  getmany: 'read',
  list: 'read',
  getstructure: 'read',
  getcontainer: 'read',
  report: 'read',
  describe: 'read',
  create: 'create',
  upload: 'create',
  update: 'update',
  updatemany: 'update',
  delete: 'delete',
  deletemany: 'delete',
  undelete: 'undelete',
  ace: 'set privilege',
};

/** 42501 while the session is alive (validate said so): a missing privilege, named; not the session. */
export function privilegeRefused(method: string, serverMessage: string, httpStatus: number): VensoftError {
  const segment = method.split('/')[0]!;
  const privilege = segment === 'move' ? 'move' : (NEEDED_BY_METHOD[segment] ?? '');
  const needed =
    segment === 'move'
      ? '"update" privilege on the object and "create" in the new container'
      : privilege
        ? `"${privilege}" privilege`
        : 'privilege';
  return new VensoftError('42501', serverMessage, method, httpStatus, {
    id: `privilege:${privilege}`,
    text: `Your session is valid, but you lack the ${needed} for this; ask an administrator for it.`,
  });
}

/** The session key is unknown or expired (42501, and auth/validate says Success: false). */
export class SessionExpiredError extends VensoftError {
  constructor(method: string, serverMessage: string) {
    super('42501', serverMessage, method, 500, { id: 'session-ended', text: 'Your session has ended: log in again.' });
    this.name = ERROR_NAMES.sessionExpired;
  }
}

export type ConnectionProblem =
  | 'refused'
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'aborted'
  | 'reset'
  | 'not-json'
  | 'truncated'
  | 'unexpected-response'
  | 'proxy';

/** No usable answer: the request never arrived, or what came back is not the Vensoft API. */
export class VensoftConnectionError extends Error implements ConnectionFailure {
  constructor(
    readonly problem: ConnectionProblem,
    message: string,
    readonly method: string,
    options?: { cause?: unknown },
  ) {
    super(`${method}: ${message}`, options);
    this.name = ERROR_NAMES.connection;
  }
}
