// auth/login, auth/logout, auth/validate.

import type { JsonValue } from '../core/json';
import { ApiError } from './errors';
import { rawParam, type Call } from './call';
import { verifyPassword } from './sessions';
import type { Context } from './context';

/** A DeviceToken is printable ASCII without spaces, like "00:ab:cd:ef:12:34:56". */
export const DEVICE_TOKEN = /^[\x21-\x7e]{4,256}$/;

export async function login(ctx: Context, call: Call): Promise<JsonValue> {
  const username = credential(call, 'Username')?.trim();
  const password = credential(call, 'Password');
  if (!username)
    throw new ApiError(
      '22004',
      'Username is required: send it as a form field (Username=you@example.com) in the request body.',
    );
  if (!password) throw new ApiError('22004', 'Password is required: send it as a form field in the request body.');
  const deviceToken = call.headers.deviceToken;
  if (deviceToken !== undefined && !DEVICE_TOKEN.test(deviceToken)) {
    throw new ApiError(
      '0B000',
      'Cannot start a session: the DeviceToken header is malformed (4–256 printable characters without spaces, e.g. 00:ab:cd:ef:12:34:56).',
    );
  }
  const rows = await ctx.db.query<{ id: bigint; password_hash: string; active: boolean | null }>(
    `SELECT u.id, c.password_hash, u.active FROM obj_user u JOIN vs_credential c ON c.user_id = u.id WHERE lower(u.email) = lower($1) AND NOT u.deleted`,
    [username],
  );
  const user = rows[0];
  // One answer for unknown user, wrong password and a deactivated account: nothing leaks.
  if (!user || user.active === false || !(await verifyPassword(password, user.password_hash))) {
    throw new ApiError('28P01', "Wrong username or password. The username is the account's e-mail address.");
  }
  return { SessionKey: await ctx.sessions.open(user.id, deviceToken ?? null) };
}

/** A credential is text: an array or number in a JSON body is refused, not turned into a string. */
function credential(call: Call, name: 'Username' | 'Password'): string | undefined {
  const value = rawParam(call, name);
  if (value === undefined || value === null || typeof value === 'string') return value ?? undefined;
  throw new ApiError('22023', `${name} must be a string, not ${Array.isArray(value) ? 'an array' : typeof value}.`);
}

export async function logout(ctx: Context, call: Call): Promise<JsonValue> {
  const key = call.headers.sessionKey!;
  if (key === 'anonymous') throw new ApiError('22023', 'The anonymous session cannot be logged out.');
  return { Success: await ctx.sessions.close(key) };
}

export async function validate(ctx: Context, call: Call): Promise<JsonValue> {
  const key = call.headers.sessionKey;
  if (key === 'anonymous') return { Success: true, UserId: ctx.anonymousUserId };
  const session = key ? await ctx.sessions.resolve(key) : undefined;
  // A session of a deleted or deactivated user is no longer valid.
  const live = session && (await ctx.acl.forUser(session.userId));
  return session && live ? { Success: true, UserId: session.userId } : { Success: false };
}
