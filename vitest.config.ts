import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // `server-only` throws outside React Server Components; tests call services directly, as the server does.
      'server-only': path.resolve(__dirname, 'tests/helpers/empty-module.ts'),
    },
  },
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/gateway/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // Integration files each open their own database; two at a time suits a 2-core machine.
    maxWorkers: 2,
  },
});
