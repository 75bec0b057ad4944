/**
 * The keys the gateway's own clients present: `Authorization: Bearer <key>` (OpenAI SDKs, Anthropic SDK 1.x) or
 * `x-api-key: <key>` (Anthropic SDK 0.x). Only their SHA-256 hashes are configured; a presented key is hashed and
 * looked up, so the configuration never holds a usable key.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const hashClientKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function presentedKey(h: IncomingHttpHeaders): string | null {
  const auth = h.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1]!;
  }
  const x = h['x-api-key'];
  return typeof x === 'string' && x.trim() !== '' ? x.trim() : null;
}

export function isClientAuthorized(h: IncomingHttpHeaders, hashes: ReadonlySet<string>): boolean {
  const key = presentedKey(h);
  return key !== null && key.length <= 512 && hashes.has(hashClientKey(key));
}

/** A new client key: `sk-gw-` and 32 random bytes, base64url. */
export const generateClientKey = () => `sk-gw-${randomBytes(32).toString('base64url')}`;
