/**
 * Project API keys. The secret (`sy_<prefix>_<secret>`) is shown once at creation; only its SHA-256
 * hash and the visible prefix are stored.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_SCOPES = ['ingest', 'import', 'routing:read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_PATTERN = /^sy_([a-z0-9]{8})_([a-z0-9]{40})$/;

function randomString(length: number): string {
  // Rejection sampling keeps every character uniformly distributed (36 does not divide 256).
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 252 && out.length < length) out += ALPHABET[byte % 36];
    }
  }
  return out;
}

export interface GeneratedApiKey {
  secret: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = `sy_${randomString(8)}`;
  const secret = `${prefix}_${randomString(40)}`;
  return { secret, prefix, hash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function isWellFormedApiKey(secret: string): boolean {
  return KEY_PATTERN.test(secret);
}

/** The key from `Authorization: Bearer …`, or null when the header is missing or of another kind. */
export function bearerToken(header: string | null): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}
