#!/usr/bin/env node
// Fails when a tracked source or prose line is longer than 140 characters. Exempt: generated files (applied
// migrations and their snapshots, the generated JSON Schemas, the lock file) and Markdown table rows, which
// cannot wrap.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX = 140;
const CHECKED = /\.(ts|tsx|js|mjs|cjs|css|sh|md|yml|yaml)$|^\.ci\/run$/;
const GENERATED = [/^db\/migrations\//, /^docs\/api\/.*\.json$/, /^package-lock\.json$/];

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && CHECKED.test(f) && !GENERATED.some((g) => g.test(f)));

const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the work tree
  }
  text.split('\n').forEach((line, i) => {
    if (line.length <= MAX) return;
    if (file.endsWith('.md') && line.trimStart().startsWith('|')) return;
    long.push(`${file}:${i + 1}: ${line.length} characters`);
  });
}
if (long.length > 0) {
  console.error(`Lines longer than ${MAX} characters:\n${long.join('\n')}`);
  process.exit(1);
}
console.log(`line length: ${files.length} files within ${MAX} characters`);
