// Sums the vitest and Playwright JSON reports of one run and prints "N passed, N failed".
import fs from 'node:fs';

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
let passed = 0;
let failed = 0;
// Each whole-tree check (type check, lint and format, line length, layering) counts as one test.
for (const file of fs.existsSync('test-results') ? fs.readdirSync('test-results') : []) {
  if (!file.endsWith('.status')) continue;
  if (fs.readFileSync(`test-results/${file}`, 'utf8').trim() === 'ok') passed += 1;
  else failed += 1;
}
const vitest = read('test-results/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numRuntimeErrorTestSuites ?? 0);
} else failed += 1;
const e2e = read('test-results/e2e.json');
if (e2e) {
  passed += e2e.stats.expected + (e2e.stats.flaky ?? 0);
  failed += e2e.stats.unexpected + (e2e.errors?.length ? 1 : 0);
} else if (process.argv.includes('--with-e2e')) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
