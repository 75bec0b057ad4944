/**
 * The gateway is a deployable of its own: it may import lib/ (the one evaluator, budget scopes, pricing) and npm
 * packages, never db/, services/, server/, app/, components/ or Next — checked on everything it reaches, transitively.
 * (No repo-wide layering check exists in this tree yet; this test keeps the gateway's part of it.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const FORBIDDEN_DIRS = ['db/', 'services/', 'server/', 'app/', 'components/', 'tests/'];
const FORBIDDEN_PACKAGES = /^(next|next-auth|react|react-dom)(\/|$)/;
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith('@/')
    ? path.join(root, spec.slice(2))
    : spec.startsWith('.')
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

describe('gateway layering', () => {
  it('reaches only lib/, gateway/ and npm packages (never db, services, server, app, components, Next or React)', () => {
    const start = fs
      .readdirSync(path.join(root, 'gateway'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    const queue = start.map((f) => path.join(root, 'gateway', f));
    const seen = new Set<string>();
    const problems: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        const rel = path.relative(root, file);
        if (FORBIDDEN_PACKAGES.test(spec)) problems.push(`${rel} imports ${spec}`);
        const target = resolve(file, spec);
        if (target === null) continue;
        const targetRel = path.relative(root, target);
        if (FORBIDDEN_DIRS.some((d) => targetRel.startsWith(d))) problems.push(`${rel} imports ${targetRel}`);
        else queue.push(target);
      }
    }
    expect(problems).toEqual([]);
    expect([...seen].some((f) => f.includes(`${path.sep}lib${path.sep}routing${path.sep}`))).toBe(true);
  });
});
