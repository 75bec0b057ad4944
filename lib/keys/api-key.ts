/**
 * Project API keys. The secret (`sy_<prefix>_<secret>`) is shown once at creation; only its SHA-256
 * hash and the visible prefix are stored.
 */
import { randomString, sha256Hex } from './secret';

export const API_KEY_SCOPES = ['ingest', 'import', 'routing:read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PATTERN = /^sy_([a-z0-9]{8})_([a-z0-9]{40})$/;

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
  return sha256Hex(secret);
}

export function isWellFormedApiKey(secret: string): boolean {
  return KEY_PATTERN.test(secret);
}
