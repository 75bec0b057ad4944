/**
 * `npm run gateway`: bundles gateway/main.ts (and the lib/ modules it uses) into one CommonJS file with esbuild and
 * runs it in this process — one process for signals, no TypeScript loader on the request path (tsx's name-keeping
 * helpers cost tens of µs per request). The bundle lives in node_modules/.cache, rebuilt at each start (~0.3 s).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, stop } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'node_modules/.cache/switchyard-gateway/main.cjs');
await build({
  entryPoints: [path.join(root, 'gateway/main.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  tsconfig: path.join(root, 'tsconfig.json'),
  logLevel: 'warning',
});
// esbuild keeps a service process for later builds; the gateway needs no other.
await stop();
createRequire(import.meta.url)(outfile);
