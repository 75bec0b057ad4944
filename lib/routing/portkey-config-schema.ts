/**
 * The published shape of a Portkey gateway config, as its own validator checks it, plus the references it
 * resolves only at request time (condition targets, query keys and operators), so an export is checked whole.
 * Written from @portkey-ai/gateway 1.15.2: the config schema in build/start-server.js (upstream
 * src/middlewares/requestValidator/schema/config.ts) and its conditional router (src/services/conditionalRouter.ts):
 * a node needs `provider` + `api_key` or `strategy` + `targets`; a query key is `metadata.<key>`, `params.<key>` or
 * `url.<key>` (two levels only), or `$and`/`$or` over queries; operators are $eq $ne $gt $gte $lt $lte $in $nin $regex.
 */
import { z } from 'zod';

const OPERATORS = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$regex'] as const;
const operatorObject = z
  .record(z.string(), z.unknown())
  .refine((o) => Object.keys(o).every((k) => (OPERATORS as readonly string[]).includes(k)), 'Unknown query operator.');

export type PortkeyQuery = { [key: string]: unknown };
export const portkeyQuerySchema: z.ZodType<PortkeyQuery> = z.lazy(() =>
  z.record(z.string(), z.unknown()).superRefine((query, ctx) => {
    for (const [key, value] of Object.entries(query)) {
      if (key === '$and' || key === '$or') {
        if (!z.array(portkeyQuerySchema).safeParse(value).success)
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} needs queries.` });
      } else if (!/^(metadata|params|url)\.[^.]+$/.test(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'A query key is metadata.<key>, params.<key> or url.<key>.' });
      } else if (typeof value === 'object' && value !== null && !operatorObject.safeParse(value).success) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'Unknown query operator.' });
      }
    }
  }),
);

const strategySchema = z.object({
  mode: z.enum(['single', 'loadbalance', 'fallback', 'conditional']),
  on_status_codes: z.array(z.number()).optional(),
  // biome-ignore lint/suspicious/noThenProperty: Portkey's config names a condition's target `then`.
  conditions: z.array(z.object({ query: portkeyQuerySchema, then: z.string() })).optional(),
  default: z.string().optional(),
});

export interface PortkeyTarget {
  name?: string;
  provider?: string;
  api_key?: string;
  override_params?: Record<string, unknown>;
  strategy?: z.infer<typeof strategySchema>;
  targets?: PortkeyTarget[];
  [field: string]: unknown;
}

export const portkeyConfigSchema: z.ZodType<PortkeyTarget> = z.lazy(() =>
  z
    .looseObject({
      name: z.string().optional(),
      provider: z.string().optional(),
      api_key: z.string().optional(),
      override_params: z.record(z.string(), z.unknown()).optional(),
      weight: z.number().optional(),
      strategy: strategySchema.optional(),
      targets: z.array(portkeyConfigSchema).optional(),
      retry: z.object({ attempts: z.number(), on_status_codes: z.array(z.number()).optional() }).optional(),
      request_timeout: z.number().optional(),
    })
    .superRefine((node, ctx) => {
      const leaf = node.provider !== undefined && node.api_key !== undefined;
      const branch = node.strategy !== undefined && node.targets !== undefined;
      if (!leaf && !branch)
        ctx.addIssue({ code: 'custom', message: "A node needs 'provider' and 'api_key', or 'strategy' and 'targets'." });
      if (node.strategy?.mode !== 'conditional') return;
      const names = new Set((node.targets ?? []).map((t) => t.name));
      for (const c of node.strategy.conditions ?? []) {
        if (!names.has(c.then)) ctx.addIssue({ code: 'custom', message: `No target named "${c.then}".` });
      }
      const fallback = node.strategy.default;
      if (fallback !== undefined && !names.has(fallback)) ctx.addIssue({ code: 'custom', message: `No target named "${fallback}".` });
    }),
);
