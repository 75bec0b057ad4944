// Stands in for `server-only` under vitest: the tests are the server (vitest.config.ts aliases it here).
export {};
