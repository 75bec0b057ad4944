import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page } from '@playwright/test';

export const USERS = {
  admin: { name: 'Ada Admin', email: 'ada@example.com', password: 'admin-password-1' },
  member: { name: 'Max Member', email: 'max@example.com', password: 'member-password-1' },
  viewer: { name: 'Vic Viewer', email: 'vic@example.com', password: 'viewer-password-1' },
} as const;
export type E2ERole = keyof typeof USERS;

export const authFile = (role: E2ERole) => `test-results/.auth/${role}.json`;

export async function signIn(page: Page, role: E2ERole, password: string = USERS[role].password) {
  await page.goto('/login');
  await fillSignIn(page, role, password);
}

/** Fills and sends the sign-in form already on the page (keeps its callbackUrl). */
export async function fillSignIn(page: Page, role: E2ERole, password: string = USERS[role].password) {
  await page.getByLabel('Email').fill(USERS[role].email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function expectSignedInAs(page: Page, role: E2ERole) {
  await expect(page.getByTestId('current-user')).toHaveText(USERS[role].name);
  await expect(page.getByTestId('current-role')).toHaveText(role);
}

/** Collects console errors and uncaught page errors; assert it is empty at the end of a test. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/**
 * What is wrong with a table's fit in its card: it scrolls sideways, a cell sits outside the scroller, or a
 * control or badge sits outside its cell. Empty when the table fits.
 */
export async function tableFitProblems(page: Page, name: string): Promise<string[]> {
  return page.getByRole('table', { name }).evaluate((t) => {
    const out: string[] = [];
    const scroller = t.parentElement!;
    if (scroller.scrollWidth > scroller.clientWidth + 1) out.push(`table scrolls: ${scroller.scrollWidth} > ${scroller.clientWidth}`);
    const box = scroller.getBoundingClientRect();
    for (const cell of t.querySelectorAll('td')) {
      const c = cell.getBoundingClientRect();
      if (c.right > box.right + 1 || c.left < box.left - 1) out.push(`cell outside the table: ${cell.textContent}`);
      for (const el of cell.querySelectorAll('button, select, input, a, span')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1)
          out.push(`${el.tagName} "${el.textContent}" outside its cell`);
      }
    }
    return out;
  });
}

/** A webhook receiver on 127.0.0.1 (the e2e server allows private webhooks): every request it got, and a close. */
export async function startWebhookReceiver(path: string) {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url, received, close };
}
