/**
 * A second app process for the routing pull tests: GET /api/v1/routing's real route handler on the database in
 * DATABASE_URL (the app's own handle, server/context.ts: its own pool and its own LISTEN connection), served on a
 * local port. Prints `listening <url>` on stdout once it answers; ends when its stdin closes.
 *   DATABASE_URL=… npx tsx --conditions react-server tests/helpers/routing-instance.ts
 */
import { GET } from '@/app/api/v1/routing/route';
import { appHandle } from '@/server/context';
import { serveRoute } from './route-server';

async function main() {
  await appHandle();
  const server = await serveRoute(GET);
  process.stdout.write(`listening ${server.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void server.close();
    process.exit(0);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
