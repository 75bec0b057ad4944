/**
 * The security review's findings, against the running production build (scripts/serve.mjs): sign-in
 * throttling by socket address, bodies larger than the proxy's 10 MB buffer, the post-sign-in redirect
 * and the security headers. Distinct clients are distinct loopback addresses (127.0.0.x), bound per request.
 */
import http from 'node:http';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { authFile, USERS } from './support';

// The same address playwright.config.ts serves on.
const BASE = new URL(`http://localhost:${process.env.E2E_PORT ?? 3210}`);

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One HTTP request from a chosen local address; `body` may be a function that streams it. */
function send(opts: {
  method: string;
  path: string;
  from?: string;
  headers?: Record<string, string>;
  body?: string | ((req: http.ClientRequest) => void);
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: BASE.port, method: opts.method, path: opts.path, localAddress: opts.from, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    // The server may answer (413) and stop reading before a streamed body is all written.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    if (typeof opts.body === 'function') opts.body(req);
    else req.end(opts.body);
  });
}

/** Signs in through next-auth's credentials endpoint; 'ok' or the stable error code. */
async function signInFrom(from: string, email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const csrf = await send({ method: 'GET', path: '/api/auth/csrf', from });
  const cookie = (csrf.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const res = await send({
    method: 'POST',
    path: '/api/auth/callback/credentials',
    from,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: '/', json: 'true' }).toString(),
  });
  const error = new URL((JSON.parse(res.text) as { url: string }).url, BASE).searchParams.get('error');
  if (error) return error;
  expect((res.headers['set-cookie'] ?? []).some((c) => c.startsWith('next-auth.session-token='))).toBe(true);
  return 'ok';
}

async function asAdmin<T>(browser: Browser, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: authFile('admin') });
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

async function addUser(browser: Browser, email: string, password: string) {
  await asAdmin(browser, async (page) => {
    await page.goto('/settings/users');
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add user' }) });
    await form.getByLabel('Name').fill(email.split('@')[0]!);
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel('Initial password').fill(password);
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(page.getByTestId(`user-row-${email}`)).toContainText('viewer');
  });
}

test.describe('sign-in throttling keys on the socket address', () => {
  const password = 'throttle-password-1';

  test('30 wrong passwords with a new X-Forwarded-For (and a forged peer header) each lock that client out', async ({ browser }) => {
    const email = 'rotating-xff@example.com';
    await addUser(browser, email, password);
    const answers: string[] = [];
    for (let i = 0; i < 30; i++) {
      const forged = { 'x-forwarded-for': `198.51.100.${i}`, 'x-switchyard-peer': `203.0.113.${i}` };
      answers.push(await signInFrom('127.0.0.21', email, `wrong-${i}`, forged));
    }
    expect(answers.slice(0, 5)).toEqual(Array(5).fill('unauthorized:auth'));
    expect(new Set(answers.slice(5))).toEqual(new Set(['rate_limited:auth']));
    expect(await signInFrom('127.0.0.21', email, password, { 'x-forwarded-for': '192.0.2.1' })).toBe('rate_limited:auth');
  });

  test("a third party sending the victim's address cannot lock the victim out", async ({ browser }) => {
    const email = 'xff-victim@example.com';
    await addUser(browser, email, password);
    const victim = '127.0.0.23';
    for (let i = 0; i < 30; i++)
      await signInFrom('127.0.0.22', email, 'guess', { 'x-forwarded-for': victim, 'x-switchyard-peer': `::ffff:${victim}` });
    expect(await signInFrom(victim, email, password)).toBe('ok');
    expect(await signInFrom('127.0.0.22', email, password)).toBe('rate_limited:auth');
  });
});

test.describe('request bodies beyond 10 MB reach the API whole', () => {
  test.use({ storageState: authFile('admin') });

  /** A key of the test's own project (dates far from the demo's, so other specs' views are unchanged). */
  async function createKey(page: Page, name: string): Promise<Record<string, string>> {
    await page.goto('/settings/projects');
    if ((await page.getByTestId('project-row-zeta-bulk-import').count()) === 0) {
      const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create project' }) });
      await form.getByLabel('Name').fill('Zeta bulk import');
      await form.getByRole('button', { name: 'Create project' }).click();
      await expect(page.getByTestId('project-row-zeta-bulk-import')).toBeVisible();
    }
    await page.goto('/settings/api-keys');
    await page.getByLabel('Project').selectOption({ label: 'Zeta bulk import' });
    await page.getByLabel('Key name').fill(name);
    await page.locator('input[name="scopes"][value="import"]').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    return { authorization: `Bearer ${(await page.getByTestId('new-api-key-secret').textContent())!.trim()}` };
  }

  test('a 60,000-row, 14 MB JSONL import stores every row', async ({ page, request }) => {
    test.setTimeout(240_000);
    const auth = await createKey(page, 'bulk import');
    const rows = Array.from({ length: 60_000 }, (_, i) =>
      JSON.stringify({
        event_id: `bulk-${String(i).padStart(6, '0')}`,
        timestamp: new Date(Date.UTC(2024, 0, 1 + (i % 28), i % 24, i % 60)).toISOString(),
        mode: 'code',
        task: 'refactor',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 12_000, cache_read_tokens: 8_000, output_tokens: 800 },
        tags: { team: 'bulk' },
      }),
    );
    const file = `${rows.join('\n')}\n`;
    expect(Buffer.byteLength(file)).toBeGreaterThan(12.5 * 1024 * 1024);
    const started = await request.post('/api/v1/imports?format=jsonl', { headers: auth, data: file });
    expect(started.status()).toBe(202);
    const { job } = (await started.json()) as { job: { id: string; total: number } };
    expect(job.total).toBe(60_000);
    let status: { status: string; total: number; processed: number; failed: number } | undefined;
    await expect
      .poll(
        async () => {
          status = await (await request.get(`/api/v1/jobs/${job.id}`, { headers: auth })).json();
          return status!.status;
        },
        { timeout: 200_000, intervals: [1000] },
      )
      .toBe('done');
    expect(status).toMatchObject({ total: 60_000, processed: 60_000, failed: 0 });
  });

  test('an 11 MB chunked batch is refused with 413 payload_too_large:api', async ({ page }) => {
    const auth = await createKey(page, 'oversized batch');
    const chunk = Buffer.alloc(64 * 1024, ' ');
    const refused = await send({
      method: 'POST',
      path: '/api/v1/events',
      headers: { ...auth, 'content-type': 'application/json' },
      body: (req) => {
        // No Content-Length: Node sends it chunked.
        req.write('{"events":[');
        let left = 11 * 1024 * 1024;
        const more = () => {
          while (left > 0) {
            left -= chunk.length;
            if (!req.write(chunk)) return void req.once('drain', more);
          }
          req.end(']}');
        };
        more();
      },
    });
    expect([refused.status, JSON.parse(refused.text).error.code]).toEqual([413, 'payload_too_large:api']);
  });
});

test.describe('after sign-in, only this origin', () => {
  for (const callbackUrl of ['/%09/evil.example', '/%5C%5Cevil.example', '//evil.example', 'https://evil.example/', '/.//evil.example']) {
    test(`callbackUrl=${callbackUrl} lands on Switchyard`, async ({ page }) => {
      await page.goto(`/login?callbackUrl=${callbackUrl}`);
      await page.getByLabel('Email').fill(USERS.viewer.email);
      await page.getByLabel('Password').fill(USERS.viewer.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname !== '/login');
      expect(new URL(page.url()).origin).toBe(BASE.origin);
      // Signed in already: the login page redirects on the server, through the same check.
      await page.goto(`/login?callbackUrl=${callbackUrl}`);
      expect(new URL(page.url()).origin).toBe(BASE.origin);
      expect(new URL(page.url()).pathname).not.toBe('/login');
    });
  }
});

test.describe('security headers', () => {
  test('a page, an API answer and an API error all carry them', async ({ request }) => {
    for (const path of ['/login', '/api/health', '/api/v1/key']) {
      const res = await request.get(path, { maxRedirects: 0 });
      const headers = res.headers();
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy'], path).toContain("object-src 'none'");
      expect(headers['content-security-policy'], path).not.toContain('unsafe-eval');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('same-origin');
      expect(headers['x-frame-options'], path).toBe('DENY');
    }
  });
});
