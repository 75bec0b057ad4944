#!/usr/bin/env node
// The layering of docs/adr/0005-layers-services-and-callers.md: dependency-cruiser applies the import rules of
// .dependency-cruiser.cjs to app/, components/, db/, gateway/, lib/, server/ and services/; then every file under services/
// must start with `import 'server-only';` (so no client bundle can ever include one). One check, one result.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const LAYERS = ['app', 'components', 'db', 'gateway', 'lib', 'server', 'services'];
let failed = false;

try {
  execFileSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...LAYERS], { stdio: 'inherit' });
} catch {
  failed = true;
}

const services = readdirSync('services', { recursive: true })
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => path.join('services', f));
const unmarked = services.filter((f) => !/^import 'server-only';\r?\n/.test(readFileSync(f, 'utf8')));
if (unmarked.length > 0) {
  console.error(`These services do not start with import 'server-only';:\n  ${unmarked.join('\n  ')}`);
  failed = true;
} else {
  console.log(`server-only: all ${services.length} files under services/ start with import 'server-only';`);
}
process.exit(failed ? 1 : 0);
