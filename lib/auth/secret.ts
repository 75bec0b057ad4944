/**
 * The key that signs session JWTs. NEXTAUTH_SECRET when set (required when several instances share a
 * database); otherwise one is generated on first use and kept in the data folder, so a new user needs
 * no configuration and sessions survive restarts.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getDataDir, getEnv } from '@/lib/env';

let cached: string | undefined;

export function getAuthSecret(): string {
  if (cached) return cached;
  const fromEnv = getEnv().NEXTAUTH_SECRET;
  if (fromEnv) return (cached = fromEnv);
  const file = path.resolve(getDataDir(), 'auth-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return (cached = fs.readFileSync(file, 'utf8').trim());
}
