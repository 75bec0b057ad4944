// Sums the vitest and Playwright JSON reports of one run and prints "N passed, N failed".
import fs from 'node:fs';

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
let passed = 0;
let failed = 0;
// The type check counts as one test: a run with type errors is not green.
if (fs.existsSync('test-results/typecheck.status')) {
  if (fs.readFileSync('test-results/typecheck.status', 'utf8').trim() === 'ok') passed += 1;
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
