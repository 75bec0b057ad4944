import { describe, expect, it, vi } from 'vitest';
import { formDataToObject } from '@/lib/actions/result';
import { AppError, errorResponse, fieldErrorsOf, statusOf } from '@/lib/errors';
import { isActive, NAV_ITEMS } from '@/lib/navigation';
import { slugify, slugSchema } from '@/lib/projects/slug';

describe('error module', () => {
  it('maps each code type to one status', () => {
    expect(statusOf('unauthorized:api_key')).toBe(401);
    expect(statusOf('forbidden:auth')).toBe(403);
    expect(statusOf('conflict:user')).toBe(409);
    expect(statusOf('rate_limited:auth')).toBe(429);
  });

  it('answers known errors with their code, status and Retry-After', async () => {
    const res = errorResponse(new AppError('rate_limited:auth', 'Slow down.', { retryAfterSeconds: 30 }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toEqual({ error: { code: 'rate_limited:auth', message: 'Slow down.' } });
  });

  it('hides unexpected errors behind internal:api, with no stack trace in the body', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = errorResponse(new TypeError('secret detail at /srv/app.js:12'));
    const body = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(body).error.code).toBe('internal:api');
    expect(body).not.toContain('secret detail');
    spy.mockRestore();
  });

  it('groups zod-style issues by field', () => {
    expect(
      fieldErrorsOf([
        { path: ['email'], message: 'bad' },
        { path: ['email'], message: 'worse' },
        { path: [], message: 'form' },
      ]),
    ).toEqual({
      email: ['bad', 'worse'],
      _: ['form'],
    });
  });
});

describe('form input', () => {
  it('turns repeated keys into arrays and drops React action fields', () => {
    const form = new FormData();
    form.append('scopes', 'ingest');
    form.append('scopes', 'routing:read');
    form.append('name', 'gw');
    form.append('$ACTION_ID_abc', '');
    expect(formDataToObject(form)).toEqual({ scopes: ['ingest', 'routing:read'], name: 'gw' });
  });
});

describe('project slugs', () => {
  it('derives a valid slug from a name', () => {
    expect(slugify('  Checkout Agent (EU) ')).toBe('checkout-agent-eu');
    expect(slugify('Café Ünïcode')).toBe('cafe-unicode');
    expect(slugSchema.safeParse(slugify('Checkout Agent')).success).toBe(true);
  });
  it('refuses slugs that are too short, upper-case or dash-edged', () => {
    for (const bad of ['ab', 'Upper', '-lead', 'trail-', 'a'.repeat(41)]) expect(slugSchema.safeParse(bad).success).toBe(false);
  });
});

describe('navigation', () => {
  it('lists every product area once, and marks the current one', () => {
    expect(NAV_ITEMS.map((i) => i.label)).toEqual([
      'Overview',
      'Usage',
      'Requests',
      'Sessions',
      'Budgets',
      'Alerts',
      'Routing',
      'Simulate',
      'Reports',
      'Settings',
    ]);
    expect(isActive('/', '/')).toBe(true);
    expect(isActive('/usage', '/')).toBe(false);
    expect(isActive('/settings/users', '/settings')).toBe(true);
    expect(isActive('/settingsx', '/settings')).toBe(false);
  });
});
