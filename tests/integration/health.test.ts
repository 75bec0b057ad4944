import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe('GET /api/health', () => {
  it('answers a bad configuration as unavailable:configuration, naming the variables, never their values', async () => {
    process.env.SWITCHYARD_DB_POOL_MAX = 'lots';
    process.env.NEXTAUTH_SECRET = 'too-short-but-secret-Zq81';
    resetEnvCache();
    const { GET } = await import('@/app/api/health/route');
    const res = await GET(new Request('http://localhost/api/health'));
    const body = await res.json();
    expect([res.status, body.error.code]).toEqual([503, 'unavailable:configuration']);
    expect(body.error.message).toContain('SWITCHYARD_DB_POOL_MAX');
    expect(body.error.message).toContain('NEXTAUTH_SECRET');
    expect(JSON.stringify(body)).not.toContain('too-short-but-secret-Zq81');
    expect(JSON.stringify(body)).not.toContain('lots');
  });
});
