/**
 * The environment, validated once with zod. Every variable Switchyard reads is declared here
 * (README "Configuration" lists the same set); nothing else reads process.env directly.
 */
import { z } from 'zod';
import { AppError } from './errors';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());

const envSchema = z.object({
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
  SWITCHYARD_DATA_DIR: optional(z.string()),
  NEXTAUTH_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  ADMIN_EMAIL: optional(z.email()),
  ADMIN_PASSWORD: optional(z.string().min(10, 'must be at least 10 characters')),
  SWITCHYARD_DB_POOL_MAX: optional(z.coerce.number().int().min(1).max(200)),
  SWITCHYARD_DEMO_DAYS: optional(z.coerce.number().int().min(1).max(400)),
  SWITCHYARD_DEMO_SEED: optional(z.coerce.number().int()),
  SWITCHYARD_LATE_ARRIVAL_DAYS: optional(z.coerce.number().int().min(1).max(3650)),
  SWITCHYARD_INGEST_RATE_PER_KEY: optional(z.coerce.number().positive().max(100_000)),
  SWITCHYARD_RETENTION_MONTHS: optional(z.coerce.number().int().min(2).max(1200)),
  SWITCHYARD_TRUSTED_PROXY_HOPS: optional(z.coerce.number().int().min(0).max(10)),
  NEXTAUTH_URL: optional(z.url({ protocol: /^https?$/ })),
  /** Outgoing mail for email alert channels: `smtp://user:pass@host:587` or `smtps://…:465`. Unset: email unavailable. */
  SWITCHYARD_SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })),
  /** The From address of alert emails (`Switchyard <alerts@example.com>` or a bare address). */
  SWITCHYARD_SMTP_FROM: optional(
    z.string().refine((v) => z.email().safeParse(v.match(/<([^>]+)>\s*$/)?.[1] ?? v.trim()).success, 'must be an email address'),
  ),
  /** `true` lets webhook and Slack channels call loopback, private, link-local and CGNAT addresses. */
  SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: optional(z.enum(['true', 'false'], { error: 'must be true or false' })).transform((v) => v === 'true'),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    // Names and rules only, never the values (they may be secrets); a distinct code, so /api/health says so.
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new AppError('unavailable:configuration', `Invalid environment:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** Where the embedded database and generated local secrets live when DATABASE_URL is unset. */
export function getDataDir(): string {
  return getEnv().SWITCHYARD_DATA_DIR ?? './data';
}

/** Whether alert channels may call private addresses (the operator's switch, SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS). */
export function allowPrivateWebhooks(): boolean {
  return getEnv().SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS;
}

/** Tests change process.env between cases; they call this to re-read it. */
export function resetEnvCache(): void {
  cached = undefined;
}
