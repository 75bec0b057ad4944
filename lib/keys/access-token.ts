/**
 * A person's access tokens, for scripts and CI (`syt_<prefix>_<secret>`). A token acts with its
 * person's current role; like an API key it is shown once and only its SHA-256 hash is stored.
 */
import { randomString, sha256Hex } from './secret';

const TOKEN_PATTERN = /^syt_([a-z0-9]{8})_([a-z0-9]{40})$/;

export interface GeneratedAccessToken {
  secret: string;
  prefix: string;
  hash: string;
}

export function generateAccessToken(): GeneratedAccessToken {
  const prefix = `syt_${randomString(8)}`;
  const secret = `${prefix}_${randomString(40)}`;
  return { secret, prefix, hash: hashAccessToken(secret) };
}

export function hashAccessToken(secret: string): string {
  return sha256Hex(secret);
}

export function isWellFormedAccessToken(secret: string): boolean {
  return TOKEN_PATTERN.test(secret);
}

/** Which kind of credential a bearer secret claims to be, from its prefix alone (nothing is looked up). */
export function bearerKind(secret: string): 'access_token' | 'api_key' {
  return secret.startsWith('syt_') ? 'access_token' : 'api_key';
}
