// Sessions: random 256-bit keys, of which only a SHA-256 hash is stored. Sessions survive an
// emulator restart (they live in the database) and expire after a sliding time-to-live; a session
// opened with a DeviceToken lives longer, as the documentation says.

import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Database } from './database';

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number },
) => Promise<Buffer>;
// A modest cost: these are emulator passwords, and tests log in often.
const SCRYPT_N = 4096;
/** Expiry is written back at most this often, so a busy session does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface Session {
  keyHash: string;
  userId: bigint;
  deviceToken: string | null;
  ttlSeconds: number;
  expiresAt: number;
  touchedAt: number;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function hashPassword(password: string, salt = randomBytes(16)): Promise<string> {
  const hash = await scrypt(password, salt, 32, { N: SCRYPT_N });
  return `scrypt$${SCRYPT_N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n) });
  return timingSafeEqual(expected, actual);
}

export class SessionStore {
  private readonly cache = new Map<string, Session>();

  constructor(
    private readonly db: Database,
    private readonly ttlSeconds: number,
    private readonly deviceTtlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async open(userId: bigint, deviceToken: string | null): Promise<string> {
    const key = randomBytes(32).toString('hex');
    const ttlSeconds = deviceToken ? this.deviceTtlSeconds : this.ttlSeconds;
    const session: Session = {
      keyHash: hashKey(key),
      userId,
      deviceToken,
      ttlSeconds,
      expiresAt: this.now() + ttlSeconds * 1000,
      touchedAt: this.now(),
    };
    await this.db.query(
      `INSERT INTO vs_session (key_hash, user_id, device_token, ttl_seconds, expires) VALUES ($1, $2, $3, $4, to_timestamp($5::float8 / 1000))`,
      [session.keyHash, userId, deviceToken, ttlSeconds, session.expiresAt],
    );
    this.cache.set(session.keyHash, session);
    return key;
  }

  /** The live session for a key, its expiry pushed forward; undefined when unknown or expired. */
  async resolve(key: string): Promise<Session | undefined> {
    const keyHash = hashKey(key);
    let session = this.cache.get(keyHash);
    if (!session) {
      const rows = await this.db.query<{
        user_id: bigint;
        device_token: string | null;
        ttl_seconds: bigint;
        expires_ms: number;
      }>(
        `SELECT user_id, device_token, ttl_seconds, extract(epoch FROM expires) * 1000 AS expires_ms FROM vs_session WHERE key_hash = $1`,
        [keyHash],
      );
      const row = rows[0];
      if (!row) return undefined;
      session = {
        keyHash,
        userId: row.user_id,
        deviceToken: row.device_token,
        ttlSeconds: Number(row.ttl_seconds),
        expiresAt: Number(row.expires_ms),
        touchedAt: this.now(),
      };
      this.cache.set(keyHash, session);
    }
    const now = this.now();
    if (now >= session.expiresAt) {
      await this.close(key);
      return undefined;
    }
    session.expiresAt = now + session.ttlSeconds * 1000;
    if (now - session.touchedAt > TOUCH_INTERVAL_MS) {
      session.touchedAt = now;
      await this.db.query(`UPDATE vs_session SET expires = to_timestamp($2::float8 / 1000) WHERE key_hash = $1`, [
        keyHash,
        session.expiresAt,
      ]);
    }
    return session;
  }

  async close(key: string): Promise<boolean> {
    const keyHash = hashKey(key);
    this.cache.delete(keyHash);
    const rows = await this.db.query(`DELETE FROM vs_session WHERE key_hash = $1 RETURNING key_hash`, [keyHash]);
    return rows.length > 0;
  }
}
