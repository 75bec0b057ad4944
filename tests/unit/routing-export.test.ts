/**
 * Exports parsed back: the Portkey config checked against its published shape and then run through a model of
 * Portkey's conditional router (src/services/conditionalRouter.ts of @portkey-ai/gateway), the LiteLLM config read
 * back from YAML and run through a model of its tag routing (litellm/router_strategy/tag_based_routing.py) —
 * each compared, request by request, with what routeRequest decides.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { type RoutingDocument, type RoutingDocumentInput, routingDocumentSchema } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { exportLiteLLMConfig, type LiteLLMConfig, renderLiteLLMYaml } from '@/lib/routing/export-litellm';
import { exportPortkeyConfig } from '@/lib/routing/export-portkey';
import type { RequestFeatures } from '@/lib/routing/features';
import { type PortkeyTarget, portkeyConfigSchema } from '@/lib/routing/portkey-config-schema';
import { routeRequest } from '@/lib/routing/route-request';

const load = (d: RoutingDocumentInput): RoutingDocument => routingDocumentSchema.parse(d);

const RICH = load({
  tiers: {
    frontier: ['anthropic/claude-opus-4-5', 'openai/gpt-5'],
    balanced: ['anthropic/claude-haiku-4-5', 'google/gemini-2.5-flash'],
    economy: ['openai/gpt-5-nano'],
  },
  rules: [
    { id: 'gpt4o', when: { requestedModel: ['openai/gpt-4o', 'switchyard/frontier'] }, route: { model: 'openai/gpt-5-mini' } },
    { id: 'over-budget', when: { mode: ['plan'], budget: { state: ['exceeded'] } }, route: { tier: 'economy' } },
    {
      id: 'plan-core',
      when: { mode: ['plan'], tags: { team: ['core'] }, user: ['ana'] },
      route: { tier: 'frontier' },
      reasoningEffort: 'high',
    },
    { id: 'plan', when: { mode: ['plan', 'architect'] }, route: { tier: 'frontier' } },
    { id: 'big-code', when: { mode: ['code'], inputTokens: { gte: 100_000 } }, route: { tier: 'frontier' } },
    { id: 'code', when: { mode: ['code'], project: ['checkout-agent'] }, route: { tier: 'balanced' }, fallbacks: ['openai/gpt-5-mini'] },
    { id: 'ask', when: { mode: ['ask', 'plan'] }, route: { tier: 'economy' } },
    { id: 'default', when: {}, route: { tier: 'balanced' } },
  ],
});

/** Portkey's conditional router, as its source reads (first matching condition, then `default`). */
function portkeyRoute(config: PortkeyTarget, metadata: Record<string, string>, params: Record<string, unknown>): PortkeyTarget {
  const context: Record<string, Record<string, unknown>> = { metadata, params };
  const holds = (query: Record<string, unknown>): boolean =>
    Object.entries(query).every(([key, cond]) => {
      const [root, field] = key.split('.');
      const value = context[root!]?.[field!];
      if (typeof cond !== 'object' || cond === null) return value === cond;
      return Object.entries(cond).every(([op, v]) => {
        if (op === '$eq') return value === v;
        if (op === '$in') return Array.isArray(v) && v.includes(value);
        throw new Error(`operator ${op} not modelled`);
      });
    });
  const strategy = config.strategy!;
  const name = strategy.conditions!.find((c) => holds(c.query))?.then ?? strategy.default;
  return config.targets!.find((t) => t.name === name)!;
}
const leaves = (t: PortkeyTarget): PortkeyTarget[] => (t.targets ? t.targets.flatMap(leaves) : [t]);
const portkeyModels = (t: PortkeyTarget) =>
  leaves(t).map((l) => `${l.provider === 'google' ? 'google' : l.provider}/${(l.override_params as { model: string }).model}`);

function requests(): RequestFeatures[] {
  const out: RequestFeatures[] = [];
  for (const mode of [undefined, 'plan', 'architect', 'code', 'ask', 'debug'])
    for (const requestedModel of [undefined, 'auto', 'switchyard/frontier', 'switchyard/economy', 'openai/gpt-4o'])
      for (const extra of [{}, { tags: { team: 'core' }, user: 'ana' }, { project: 'checkout-agent' }])
        out.push({ ...(mode ? { mode } : {}), ...(requestedModel ? { requestedModel } : {}), ...extra });
  return out;
}

describe('Portkey export', () => {
  it('is a valid Portkey config (the gateway’s own shape, and every condition names a target)', () => {
    for (const doc of [load(DEMO_ROUTING_V2), load(DEMO_ROUTING_V1), RICH]) {
      const exp = exportPortkeyConfig(doc, { version: 4 });
      const parsed = JSON.parse(JSON.stringify(exp.config));
      expect(portkeyConfigSchema.safeParse(parsed).error?.issues).toBeUndefined();
    }
    const broken = exportPortkeyConfig(RICH, { version: 1 }).config;
    broken.strategy!.conditions![0] = { ...broken.strategy!.conditions![0]!, ...JSON.parse('{"then":"nowhere"}') };
    expect(portkeyConfigSchema.safeParse(broken).success).toBe(false);
    expect(portkeyConfigSchema.safeParse({ targets: [{ provider: 'openai' }], strategy: { mode: 'fallback' } }).success).toBe(false);
  });

  it('routes every request it can see exactly as routeRequest does; the rest is listed, not dropped', () => {
    const exp = exportPortkeyConfig(RICH, { version: 4, credentials: { openai: { virtual_key: 'openai-prod' } } });
    const config = JSON.parse(JSON.stringify(exp.config)) as PortkeyTarget;
    expect(exp.notExpressible.map((g) => [g.ruleId, g.path])).toEqual([
      ['over-budget', '/rules/1/when/budget'],
      ['big-code', '/rules/4/when/inputTokens'],
      [null, ''],
    ]);
    const compiled = compileRoutingDocument(RICH, { version: 4 });
    const left = new Set(['over-budget', 'big-code']);
    const expressible = compileRoutingDocument({ ...RICH, rules: RICH.rules.filter((r) => !left.has(r.id)) }, { version: 4 });
    let compared = 0;
    for (const f of requests()) {
      const out = routeRequest(expressible, f);
      if (out.action === 'pass_through') continue; // listed: Portkey sends it to the default rule
      const metadata = Object.fromEntries(
        Object.entries({ mode: f.mode, project: f.project, _user: f.user, ...f.tags }).filter(([, v]) => v !== undefined),
      ) as Record<string, string>;
      const target = portkeyRoute(config, metadata, { model: f.requestedModel ?? 'auto' });
      expect(portkeyModels(target)).toEqual([out.model, ...out.fallbacks]);
      if (out.reasoningEffort)
        expect(leaves(target).every((l) => (l.override_params as Record<string, unknown>).reasoning_effort === 'high')).toBe(true);
      // Where the left-out rules do not fire, the full table agrees too.
      if (!['over-budget', 'big-code'].includes(routeRequest(compiled, f).routing?.ruleId ?? '')) {
        expect(routeRequest(compiled, f).model).toBe(out.model);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
    expect(
      leaves(config)
        .filter((l) => l.provider === 'openai')
        .every((l) => l.virtual_key === 'openai-prod' && !l.api_key),
    ).toBe(true);
    expect(
      leaves(config)
        .filter((l) => l.provider === 'anthropic')
        .every((l) => l.api_key === '<anthropic api key>'),
    ).toBe(true);
  });
});

/** LiteLLM's tag routing inside a model group, as tag_based_routing.py reads (match any; else the `default`-tagged). */
function litellmRoute(config: LiteLLMConfig, model: string, tags: string[]): { models: Set<string>; fallbacks: string[] } {
  let group = config.model_list.filter((d) => d.model_name === model);
  if (group.length === 0) group = config.model_list.filter((d) => d.model_name === '*');
  const matched = tags.length === 0 ? [] : group.filter((d) => d.litellm_params.tags.some((t) => tags.includes(t)));
  const pool = matched.length > 0 ? matched : group.filter((d) => d.litellm_params.tags.includes('default'));
  const fallbacks = config.router_settings.fallbacks.find((f) => f[model] !== undefined)?.[model] ?? [];
  return { models: new Set(pool.map((d) => (d.litellm_params.model === '*' ? model : d.litellm_params.model))), fallbacks };
}
const toLiteLLM = (id: string) => id.replace(/^google\//, 'gemini/');

describe('LiteLLM export', () => {
  it('reads back from YAML as the same config, the gaps written at the top as comments', () => {
    const exp = exportLiteLLMConfig(RICH, { version: 4 });
    const yaml = renderLiteLLMYaml(exp);
    expect(parse(yaml)).toEqual(exp.config);
    expect(yaml).toContain('# Not expressible in LiteLLM (left out):');
    for (const g of exp.notExpressible) expect(yaml).toContain(`(${g.path})`);
  });

  it('the demo table: every mode, tier alias and named model routed as routeRequest does', () => {
    const doc = load(DEMO_ROUTING_V2);
    const exp = exportLiteLLMConfig(doc, { version: 2 });
    const config = parse(renderLiteLLMYaml(exp)) as LiteLLMConfig;
    expect(config.router_settings.enable_tag_filtering).toBe(true);
    // Only the per-rule fallbacks inside the shared `auto` group are lost, and each is listed.
    expect(exp.notExpressible.map((g) => g.ruleId)).toEqual(['deep-work', 'code', 'ask', 'default']);
    const compiled = compileRoutingDocument(doc, { version: 2 });
    for (const mode of [undefined, 'plan', 'architect', 'debug', 'code', 'orchestrator', 'ask', 'review'])
      for (const requestedModel of ['auto', 'switchyard/frontier', 'switchyard/economy', 'openai/gpt-5-mini', 'mistral/large']) {
        const out = routeRequest(compiled, { mode, requestedModel });
        const got = litellmRoute(config, requestedModel, mode ? [`mode:${mode}`] : []);
        expect([...got.models]).toEqual([out.action === 'pass_through' ? requestedModel : toLiteLLM(out.model)]);
        if (out.action === 'tier_alias') expect(got.fallbacks).toEqual(out.fallbacks);
      }
    for (const m of config.router_settings.fallbacks.flatMap((f) => Object.values(f)[0]!)) {
      expect(config.model_list.some((d) => d.model_name === m)).toBe(true); // every fallback is a group
    }
  });

  it('rules LiteLLM cannot express are left out and listed; modes claimed by an earlier rule stay with it', () => {
    const exp = exportLiteLLMConfig(RICH, { version: 4 });
    const reasons = exp.notExpressible.filter((g) => g.reason.includes('left out')).map((g) => [g.ruleId, g.path]);
    expect(reasons).toEqual([
      ['gpt4o', '/rules/0/when/requestedModel'],
      ['over-budget', '/rules/1/when/budget'],
      ['plan-core', '/rules/2/when/user'],
      ['plan-core', '/rules/2/when/tags/team'],
      ['big-code', '/rules/4/when/inputTokens'],
      ['code', '/rules/5/when/project'],
    ]);
    const auto = exp.config.model_list.filter((d) => d.model_name === 'auto');
    expect(auto.map((d) => d.litellm_params.tags)).toEqual([['mode:plan', 'mode:architect'], ['mode:ask'], ['default']]);
  });
});
