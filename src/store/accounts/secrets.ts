// The secrets of accounts, made and checked here only: random tokens in two
// parts (a public id the database looks up, a secret kept as its SHA-256 and
// compared in constant time), and passwords hashed with node's scrypt, a
// memory-hard KDF, each with its own salt. Nothing here logs or returns a
// secret it did not just make.

import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** A token as handed out: `dpt_<id>_<secret>`; the id is stored, the secret only hashed. */
export interface MadeToken {
  id: string;
  token: string;
  hash: string;
}

const TOKEN = /^dpt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function makeToken(): MadeToken {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `dpt_${id}_${secret}`, hash: hashSecret(secret) };
}

/** The id and secret of a token, or undefined for anything that is not one of ours. */
export function splitToken(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Tokens carry 256 random bits: a fast hash is enough (no dictionary to try), unlike a password. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Whether `secret` hashes to `hash`, in time that does not depend on where they differ. */
export function secretMatches(secret: string, hash: string): boolean {
  const given = Buffer.from(hashSecret(secret));
  const stored = Buffer.from(hash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

// OWASP's scrypt floor (N=2^17, r=8, p=1): about 128 MiB and 0.2 s a hash, once per sign-in.
const COST = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 } satisfies ScryptOptions;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** `scrypt$N$r$p$salt$key`: the cost travels with the hash, so it can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, N, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const given = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p), maxmem: COST.maxmem });
  return given.length === expected.length && timingSafeEqual(given, expected);
}
