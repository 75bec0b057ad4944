/** The gateway's environment for tests and the benchmark: every provider played by one mock upstream. */
import { hashClientKey } from '../auth';

export const TEST_CLIENT_KEY = 'sk-gw-test-client-key-0123456789';
export const PROVIDER_KEYS = {
  openai: 'sk-openai-provider-secret-111111',
  anthropic: 'sk-ant-provider-secret-222222',
  google: 'goog-provider-secret-333333',
} as const;

export function gatewayEnv(o: {
  switchyardUrl: string;
  switchyardKey: string;
  upstreamUrl: string;
  dir: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    SWITCHYARD_URL: o.switchyardUrl,
    SWITCHYARD_API_KEY: o.switchyardKey,
    GATEWAY_ID: 'gw-test',
    GATEWAY_CLIENT_KEY_HASHES: hashClientKey(TEST_CLIENT_KEY),
    GATEWAY_PORT: '0',
    GATEWAY_ALLOW_PRIVATE_ADDRESSES: 'true',
    GATEWAY_PROVIDERS: 'openai,anthropic,google',
    GATEWAY_PROVIDER_OPENAI_BASE_URL: `${o.upstreamUrl}/openai/v1`,
    GATEWAY_PROVIDER_OPENAI_API_KEY: PROVIDER_KEYS.openai,
    GATEWAY_PROVIDER_ANTHROPIC_BASE_URL: `${o.upstreamUrl}/anthropic/v1`,
    GATEWAY_PROVIDER_ANTHROPIC_API_KEY: PROVIDER_KEYS.anthropic,
    GATEWAY_PROVIDER_GOOGLE_BASE_URL: `${o.upstreamUrl}/google/v1beta/openai`,
    GATEWAY_PROVIDER_GOOGLE_API_KEY: PROVIDER_KEYS.google,
    GATEWAY_SPOOL_DIR: `${o.dir}/spool`,
    GATEWAY_STATE_DIR: `${o.dir}/state`,
    GATEWAY_POLL_WAIT_SECONDS: '5',
    GATEWAY_REPORT_INTERVAL_MS: '50',
    GATEWAY_LOG_LEVEL: 'warn',
    ...o.extra,
  };
}

/** The routing table the tests publish (docs/api.md's example, trimmed to models the mock plays). */
export const TEST_DOCUMENT = {
  tiers: {
    frontier: ['anthropic/claude-sonnet-4-5', 'openai/gpt-5'],
    balanced: ['openai/gpt-5-mini', 'anthropic/claude-haiku-4-5', 'google/gemini-2.5-flash'],
    economy: ['openai/gpt-5-nano', 'google/gemini-2.5-flash-lite'],
  },
  rules: [
    { id: 'over-budget', when: { budget: { state: ['exceeded'] } }, route: { tier: 'economy' } },
    { id: 'deep-work', when: { mode: ['plan', 'architect', 'debug'] }, route: { tier: 'frontier' }, reasoningEffort: 'high' },
    { id: 'code', when: { mode: ['code', 'orchestrator'] }, route: { tier: 'balanced' } },
    { id: 'ask', when: { mode: ['ask'] }, route: { model: 'openai/gpt-5-nano' }, fallbacks: ['google/gemini-2.5-flash-lite'] },
    { id: 'default', when: {}, route: { tier: 'balanced' } },
  ],
};
