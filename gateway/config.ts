/**
 * The gateway's configuration: environment variables validated once at start with zod (docs/gateway.md lists
 * them). A bad value stops the gateway with the variable's name and rule, never its value (it may be a secret).
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { checkOutboundUrl } from '@/lib/net/outbound-url';

export type ApiKind = 'chat' | 'messages';

export interface ProviderConfig {
  /** Lower-cased; the `provider` of `provider/model` ids and of usage events. */
  name: string;
  /** Up to and including the version segment: the API path (`/chat/completions`, `/messages`) is appended. */
  baseUrl: URL;
  /** Null for a local server that takes no key (`GATEWAY_PROVIDER_<NAME>_AUTH=none`). */
  apiKey: string | null;
  apis: ReadonlySet<ApiKind>;
}

export interface GatewayConfig {
  switchyardUrl: URL;
  switchyardKey: string;
  gatewayId: string;
  host: string;
  port: number;
  /** SHA-256 (hex) of each key a client may present. */
  clientKeyHashes: ReadonlySet<string>;
  providers: ReadonlyMap<string, ProviderConfig>;
  spoolDir: string;
  stateDir: string;
  spoolMaxBytes: number;
  allowPrivateAddresses: boolean;
  timeouts: { connectMs: number; firstByteMs: number; idleMs: number; switchyardMs: number };
  pollWaitSeconds: number;
  report: { batchSize: number; intervalMs: number };
  maxBodyBytes: number;
  /** Output tokens assumed for a request in flight that sets no max_tokens (budget reservations). */
  estimateOutputTokens: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Base URLs and APIs of the providers the gateway knows by name; any other name is an OpenAI-compatible server. */
export const KNOWN_PROVIDERS: Record<string, { baseUrl: string; apis: ApiKind[] }> = {
  openai: { baseUrl: 'https://api.openai.com/v1', apis: ['chat'] },
  // Anthropic serves its own Messages API and an OpenAI-compatible chat endpoint under the same /v1.
  anthropic: { baseUrl: 'https://api.anthropic.com/v1', apis: ['chat', 'messages'] },
  google: { baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai', apis: ['chat'] },
};

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const SHA256_HEX = /^[0-9a-f]{64}$/;
const PROVIDER_NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const GATEWAY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

const baseSchema = z.object({
  SWITCHYARD_URL: z.url({ protocol: /^https?$/, error: 'must be the http(s) URL of Switchyard' }),
  SWITCHYARD_API_KEY: z.string().regex(/^sy_[a-z0-9]{8}_[a-z0-9]{40}$/, 'must be a Switchyard project key (sy_…)'),
  GATEWAY_CLIENT_KEY_HASHES: z
    .string({ error: 'is required: the SHA-256 hashes of the keys clients present (npm run gateway:key makes one)' })
    .transform((s) => s.split(',').map((h) => h.trim().toLowerCase()))
    .refine((hs) => hs.every((h) => SHA256_HEX.test(h)), 'must be comma-separated SHA-256 hashes (64 hex digits each)'),
  GATEWAY_ID: opt(z.string().regex(GATEWAY_ID_PATTERN, 'must be 1–100 characters of A-Z a-z 0-9 . _ : -')),
  GATEWAY_HOST: opt(z.string().min(1)),
  GATEWAY_PORT: opt(int(0, 65535)),
  GATEWAY_PROVIDERS: opt(
    z
      .string()
      .transform((s) => s.split(',').map((p) => p.trim().toLowerCase()))
      .refine((ps) => ps.every((p) => PROVIDER_NAME.test(p)), 'must be comma-separated provider names (a-z 0-9 _ -)'),
  ),
  GATEWAY_SPOOL_DIR: opt(z.string().min(1)),
  GATEWAY_STATE_DIR: opt(z.string().min(1)),
  GATEWAY_SPOOL_MAX_MB: opt(int(1, 100_000)),
  GATEWAY_ALLOW_PRIVATE_ADDRESSES: opt(bool),
  GATEWAY_CONNECT_TIMEOUT_MS: opt(int(100, 120_000)),
  GATEWAY_FIRST_BYTE_TIMEOUT_MS: opt(int(100, 3_600_000)),
  GATEWAY_IDLE_TIMEOUT_MS: opt(int(100, 3_600_000)),
  GATEWAY_SWITCHYARD_TIMEOUT_MS: opt(int(100, 120_000)),
  GATEWAY_POLL_WAIT_SECONDS: opt(int(0, 60)),
  GATEWAY_REPORT_BATCH_SIZE: opt(int(1, 10_000)),
  GATEWAY_REPORT_INTERVAL_MS: opt(int(10, 60_000)),
  GATEWAY_MAX_BODY_MB: opt(int(1, 100)),
  GATEWAY_ESTIMATE_OUTPUT_TOKENS: opt(int(0, 1_000_000)),
  GATEWAY_LOG_LEVEL: opt(z.enum(['debug', 'info', 'warn', 'error'])),
});

export class GatewayConfigError extends Error {}

/** Validates `env` (process.env by default); throws GatewayConfigError naming every bad variable. */
export function parseGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const problems: string[] = [];
  const parsed = baseSchema.safeParse(env);
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push(`${i.path.join('.')}: ${i.message}`);
    throw new GatewayConfigError(`Invalid gateway environment:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const allowPrivate = e.GATEWAY_ALLOW_PRIVATE_ADDRESSES ?? false;
  const checkUrl = (name: string, text: string): URL | null => {
    const check = checkOutboundUrl(text, { allowPrivate });
    if (check.ok) return check.url;
    const hint = check.reason === 'address_refused' && !allowPrivate ? ' (set GATEWAY_ALLOW_PRIVATE_ADDRESSES=true to allow it)' : '';
    problems.push(`${name}: ${check.message.replace('which alerts may not call', 'which the gateway may not call')}${hint}`);
    return null;
  };
  const switchyardUrl = checkUrl('SWITCHYARD_URL', e.SWITCHYARD_URL);

  const providers = new Map<string, ProviderConfig>();
  const names = e.GATEWAY_PROVIDERS ?? Object.keys(KNOWN_PROVIDERS).filter((n) => env[providerVar(n, 'API_KEY')]);
  if (names.length === 0) problems.push('GATEWAY_PROVIDERS: no provider configured (set GATEWAY_PROVIDER_OPENAI_API_KEY or another)');
  for (const name of new Set(names)) {
    const known = KNOWN_PROVIDERS[name];
    const v = (suffix: string) => emptyAsUndefined(env[providerVar(name, suffix)]) as string | undefined;
    const baseText = v('BASE_URL') ?? known?.baseUrl;
    if (!baseText) {
      problems.push(`${providerVar(name, 'BASE_URL')}: is required for a provider the gateway does not know by name`);
      continue;
    }
    const baseUrl = checkUrl(providerVar(name, 'BASE_URL'), baseText.replace(/\/+$/, ''));
    const auth = v('AUTH') ?? 'key';
    if (auth !== 'key' && auth !== 'none') problems.push(`${providerVar(name, 'AUTH')}: must be key or none`);
    const apiKey = v('API_KEY') ?? null;
    if (auth === 'key' && apiKey === null)
      problems.push(`${providerVar(name, 'API_KEY')}: is required (or set ${providerVar(name, 'AUTH')}=none)`);
    const apisText = v('APIS');
    const apis = apisText ? apisText.split(',').map((a) => a.trim()) : (known?.apis ?? ['chat']);
    if (apis.length === 0 || !apis.every((a): a is ApiKind => a === 'chat' || a === 'messages')) {
      problems.push(`${providerVar(name, 'APIS')}: must be chat, messages or chat,messages`);
      continue;
    }
    if (baseUrl) providers.set(name, { name, baseUrl, apiKey: auth === 'none' ? null : apiKey, apis: new Set(apis) });
  }
  if (problems.length > 0 || !switchyardUrl) throw new GatewayConfigError(`Invalid gateway environment:\n  ${problems.join('\n  ')}`);

  return {
    switchyardUrl,
    switchyardKey: e.SWITCHYARD_API_KEY,
    gatewayId: e.GATEWAY_ID ?? `gw-${hostname().replace(/[^A-Za-z0-9._:-]/g, '-')}`.slice(0, 100),
    host: e.GATEWAY_HOST ?? '127.0.0.1',
    port: e.GATEWAY_PORT ?? 4000,
    clientKeyHashes: new Set(e.GATEWAY_CLIENT_KEY_HASHES),
    providers,
    spoolDir: e.GATEWAY_SPOOL_DIR ?? 'data/gateway/spool',
    stateDir: e.GATEWAY_STATE_DIR ?? 'data/gateway/state',
    spoolMaxBytes: (e.GATEWAY_SPOOL_MAX_MB ?? 256) * 1024 * 1024,
    allowPrivateAddresses: allowPrivate,
    timeouts: {
      connectMs: e.GATEWAY_CONNECT_TIMEOUT_MS ?? 5_000,
      firstByteMs: e.GATEWAY_FIRST_BYTE_TIMEOUT_MS ?? 60_000,
      idleMs: e.GATEWAY_IDLE_TIMEOUT_MS ?? 120_000,
      switchyardMs: e.GATEWAY_SWITCHYARD_TIMEOUT_MS ?? 10_000,
    },
    pollWaitSeconds: e.GATEWAY_POLL_WAIT_SECONDS ?? 30,
    report: { batchSize: e.GATEWAY_REPORT_BATCH_SIZE ?? 500, intervalMs: e.GATEWAY_REPORT_INTERVAL_MS ?? 200 },
    maxBodyBytes: (e.GATEWAY_MAX_BODY_MB ?? 20) * 1024 * 1024,
    estimateOutputTokens: e.GATEWAY_ESTIMATE_OUTPUT_TOKENS ?? 1_000,
    logLevel: e.GATEWAY_LOG_LEVEL ?? 'info',
  };
}

export function providerVar(name: string, suffix: string): string {
  return `GATEWAY_PROVIDER_${name.toUpperCase().replace(/-/g, '_')}_${suffix}`;
}
