// Errors the emulator answers with: HTTP 500 and {"code": …, "message": "…"}.
// `code` is a SQLSTATE; all-digit codes go out as JSON numbers, as the documentation shows
// (42501, and 01007 as 1007), others as strings ("P0002").

export type SqlState =
  | '01007' // privilege_not_granted
  | '0B000' // invalid_session_initiation
  | '22004' // a required parameter is empty
  | '22023' // invalid parameter value
  | '28P01' // wrong username or password
  | '42501' // insufficient privilege, or an unknown/expired session key
  | '42701' // duplicate attribute
  | '42703' // unknown attribute
  | '42809' // wrong object type
  | '42883' // undefined function (unknown method)
  | '54000' // program limit exceeded (a request over one of the emulator's limits)
  | '57014' // query canceled (a query past its deadline)
  | 'P0002' // no data found
  | 'XX000'; // internal error

export class ApiError extends Error {
  constructor(
    readonly code: SqlState,
    message: string,
    readonly httpStatus = 500,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const SESSION_INVALID = 'The sessionKey could not be validated.';

/** The wire form of a code: a JSON number when it is all digits. */
export function wireCode(code: string): number | string {
  return /^\d+$/.test(code) ? Number(code) : code;
}

export function notFound(typeName: string, id: bigint): ApiError {
  // One message for "does not exist" and "not readable": the difference must not leak.
  return new ApiError('P0002', `No ${typeName} with id ${id} exists that you can read.`);
}

/** Errors from the database that a request can provoke are turned into API errors. */
export function fromDatabaseError(e: unknown): ApiError | undefined {
  const err = e as { code?: string; message?: string };
  if (typeof err?.code !== 'string') return undefined;
  switch (err.code) {
    case '2201B':
      return new ApiError(
        '22023',
        `Invalid regular expression: ${err.message}. Type 9 values are POSIX regular expressions, e.g. "^49.*".`,
      );
    case '22007':
    case '22008':
      return new ApiError(
        '22023',
        `Invalid date/time value: ${err.message}. Write timestamps like 2026-11-20T00:00:00+01:00.`,
      );
    case '22P02':
    case '22003':
    case '22021':
    case '22P05':
      return new ApiError('22023', `Invalid value: ${err.message}.`);
    case '54000':
    case '54001':
      return new ApiError(
        '54000',
        `The request is too complex for the database: ${err.message}. Simplify it (e.g. a shorter regular expression).`,
      );
    case '57014':
      return queryCanceled();
    default:
      return undefined;
  }
}

/** A query past its deadline, cancelled so that the server goes on serving. */
export function queryCanceled(deadlineMs?: number): ApiError {
  const limit = deadlineMs === undefined ? '' : ` of ${deadlineMs} ms`;
  return new ApiError(
    '57014',
    `The query took longer than the emulator's deadline${limit} and was cancelled. Narrow the filter or simplify the regular expression.`,
  );
}
