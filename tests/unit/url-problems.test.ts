import { describe, expect, it } from 'vitest';
import { periodProblem } from '@/lib/time/periods';
import { decodeCursor, encodeCursor } from '@/lib/usage/request-cursor';
import { parseRequestsUrl } from '@/lib/usage/requests-url';
import { explorerProblems, problemsFor } from '@/lib/usage/url-problems';

const PROJECTS = [{ slug: 'checkout-agent' }, { slug: 'data-pipelines' }];

describe('periodProblem', () => {
  it('accepts presets, no range, and a valid custom range', () => {
    expect(periodProblem({})).toBeNull();
    expect(periodProblem({ range: '7d' })).toBeNull();
    expect(periodProblem({ range: 'custom', from: '2026-11-01', to: '2026-11-30' })).toBeNull();
    expect(periodProblem({ range: 'custom', from: '2026-11-01', to: '2026-11-01' })).toBeNull();
  });

  it('names what is wrong with a custom range instead of falling back', () => {
    expect(periodProblem({ range: 'fortnight' })).toBe('Unknown period “fortnight”: choose one from the list.');
    expect(periodProblem({ range: 'custom' })).toBe('Custom dates need a first and a last day.');
    expect(periodProblem({ range: 'custom', from: '2026-11-20', to: '2026-11-10' })).toBe(
      'The first day (2026-11-20) is after the last day (2026-11-10).',
    );
    expect(periodProblem({ range: 'custom', from: '2026-02-30', to: '2026-03-10' })).toContain('“2026-02-30” is not a calendar date');
    expect(periodProblem({ range: 'custom', from: '2024-01-01', to: '2026-01-01' })).toContain('at most 401 days');
  });
});

describe('explorerProblems', () => {
  it('is empty for a URL the explorer reads as written', () => {
    expect(
      explorerProblems({ group: 'tag:team', gran: 'week', range: '30d', mode: 'code', tag: 'env:prod', sort: 'requests' }, PROJECTS),
    ).toEqual([]);
    expect(explorerProblems({}, PROJECTS)).toEqual([]);
  });

  it('flags each value the parser would silently replace, by the control it concerns', () => {
    const problems = explorerProblems(
      {
        group: 'colour',
        gran: 'fortnightly',
        sort: 'size',
        dir: 'up',
        range: 'custom',
        from: '2026-11-20',
        to: '2026-11-10',
        project: ['checkout-agent', 'nope'],
        user: 'x'.repeat(201),
        tag: 'no-colon',
      },
      PROJECTS,
    );
    expect(problems.map((p) => p.field).sort()).toEqual(['filter', 'filter', 'gran', 'group', 'period', 'project', 'sort', 'sort']);
    expect(problemsFor(problems, 'filter')).toEqual([
      'The user filter value is 201 characters long; at most 200 are kept.',
      'The tag filter “no-colon” is not key:value (a key of letters, digits and _ . : - /).',
    ]);
    expect(problemsFor(problems, 'project')).toEqual(['No project “nope”: choose projects from the list.']);
  });
});

describe('the Requests URL', () => {
  it('reads the explorer vocabulary plus session, q, before and detail', () => {
    const cursor = encodeCursor({
      occurredAt: new Date('2026-11-01T10:00:00Z'),
      projectId: '0b8c5c3e-8d0a-4c43-9d5e-0b4b2a1c9e11',
      eventId: 'a|b',
    });
    expect(decodeCursor(cursor)).toEqual({
      occurredAt: new Date('2026-11-01T10:00:00Z'),
      projectId: '0b8c5c3e-8d0a-4c43-9d5e-0b4b2a1c9e11',
      eventId: 'a|b',
    });
    const url = parseRequestsUrl({
      project: 'checkout-agent',
      user: 'ANA',
      session: 's1',
      q: ' req-1 ',
      before: cursor,
      detail: 'checkout-agent/a/b',
    });
    expect(url).toMatchObject({
      projects: ['checkout-agent'],
      period: null,
      values: { user: ['ANA'] },
      sessions: ['s1'],
      q: 'req-1',
      detail: { project: 'checkout-agent', eventId: 'a/b' },
      problems: [],
    });
  });

  it('says what it cannot honour', () => {
    const url = parseRequestsUrl({ before: 'garbage', detail: 'no-slash', q: 'q'.repeat(201), range: 'custom', from: 'x', to: 'y' });
    expect(url.problems.map((p) => p.field).sort()).toEqual(['detail', 'page', 'period', 'search']);
    expect(url.before).toBeNull();
    expect(url.detail).toBeNull();
  });
});
