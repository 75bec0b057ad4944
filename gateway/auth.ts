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

/** Keys seen to be valid, so a client's every request does not hash its key again (bounded; valid keys only). */
const accepted = new Map<string, ReadonlySet<string>>();

export function isClientAuthorized(h: IncomingHttpHeaders, hashes: ReadonlySet<string>): boolean {
  const key = presentedKey(h);
  if (key === null || key.length > 512) return false;
  if (accepted.get(key) === hashes) return true;
  if (!hashes.has(hashClientKey(key))) return false;
  if (accepted.size >= 1_000) accepted.clear();
  accepted.set(key, hashes);
  return true;
}

/** A new client key: `sk-gw-` and 32 random bytes, base64url. */
export const generateClientKey = () => `sk-gw-${randomBytes(32).toString('base64url')}`;
