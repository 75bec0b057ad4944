/** `npm run gateway`: validates the environment, starts the gateway, stops it cleanly on SIGTERM/SIGINT. */
import { GatewayConfigError, parseGatewayConfig } from './config';
import { startGateway } from './server';

async function main(): Promise<void> {
  const config = parseGatewayConfig();
  const gateway = await startGateway(config);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await gateway.close(5_000);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof GatewayConfigError ? err.message : `gateway: ${(err as Error).stack ?? String(err)}`}\n`);
  process.exit(1);
});
