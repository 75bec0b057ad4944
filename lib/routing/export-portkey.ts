/**
 * A published routing table as a Portkey gateway config: one conditional strategy whose conditions are the
 * rules in order (first match wins in Portkey too), each naming a target; a target with fallbacks is a fallback
 * strategy over its models. Requests carry the features in `x-portkey-metadata`; the body's `model` is
 * `params.model`. Rules Portkey cannot express are left out and listed.
 */
import type { RoutingDocument, RoutingRule } from './document';
import { decisionOf, type RoutingDecision } from './evaluator';
import { type ExportGap, type RoutingExport, splitModelId, UNSEEN_BY_GATEWAYS } from './export-common';
import { AUTO_MODEL, TIER_ALIAS_PREFIX } from './features';
import { jsonPointer } from './issues';
import type { PortkeyQuery, PortkeyTarget } from './portkey-config-schema';

/** Where each request feature travels: `x-portkey-metadata` keys (`_user` is Portkey's own user key). */
export const PORTKEY_METADATA_KEYS = { mode: 'mode', task: 'task', project: 'project', user: '_user' } as const;
/** Switchyard provider → Portkey provider, where the names differ. */
export const PORTKEY_PROVIDERS: Record<string, string> = {
  mistral: 'mistral-ai',
  together: 'together-ai',
  fireworks: 'fireworks-ai',
  perplexity: 'perplexity-ai',
  xai: 'x-ai',
  azure: 'azure-openai',
  vertex: 'vertex-ai',
};

export interface PortkeyExportOptions {
  version: number;
  /**
   * Fields added to every target of a provider, by Switchyard provider name: `{ anthropic: { api_key: '…' } }`,
   * or Portkey's hosted `{ openai: { virtual_key: 'openai-prod' } }`. Default: an `api_key` placeholder to replace.
   */
  credentials?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export type PortkeyExport = RoutingExport<PortkeyTarget>;

export function exportPortkeyConfig(doc: RoutingDocument, options: PortkeyExportOptions): PortkeyExport {
  const tiers = new Map(Object.entries(doc.tiers));
  const gaps: ExportGap[] = [];
  const conditions: { query: PortkeyQuery; then: string }[] = [];
  const targets: PortkeyTarget[] = [];
  const leaf = (id: string, effort: string | undefined): PortkeyTarget => {
    const { provider, model } = splitModelId(id);
    return {
      provider: PORTKEY_PROVIDERS[provider] ?? provider,
      ...(options.credentials?.[provider] ?? { api_key: `<${provider} api key>` }),
      override_params: { model, ...(effort ? { reasoning_effort: effort } : {}) },
    };
  };
  const target = (name: string, d: Pick<RoutingDecision, 'model' | 'fallbacks' | 'reasoningEffort'>): PortkeyTarget =>
    d.fallbacks.length === 0
      ? { name, ...leaf(d.model, d.reasoningEffort) }
      : { name, strategy: { mode: 'fallback' }, targets: [d.model, ...d.fallbacks].map((m) => leaf(m, d.reasoningEffort)) };

  const last = doc.rules.length - 1;
  doc.rules.forEach((rule, i) => {
    const name = `rule-${rule.id}`;
    if (i === last) {
      targets.push(target(name, decisionOf(rule, options.version, tiers)));
      return;
    }
    const query = portkeyQuery(rule, i, gaps);
    if (query === null) return;
    conditions.push(condition(query, name));
    targets.push(target(name, decisionOf(rule, options.version, tiers)));
  });
  for (const [tier, models] of tiers) {
    const name = `tier-${tier}`;
    conditions.push(condition({ 'params.model': { $eq: `${TIER_ALIAS_PREFIX}${tier}` } }, name));
    targets.push(target(name, { model: models[0]!, fallbacks: models.slice(1) }));
  }
  gaps.push({
    ruleId: null,
    path: '',
    reason:
      'Portkey cannot pass a request through to the provider of whatever model it names: a request naming a model that no ' +
      'requestedModel rule matches goes to the default rule instead of passing through.',
  });
  return {
    format: 'portkey',
    version: options.version,
    config: { strategy: { mode: 'conditional', conditions, default: `rule-${doc.rules[last]!.id}` }, targets },
    notExpressible: gaps,
    notes: [
      'Send the request features as the x-portkey-metadata header: {"mode": …, "task": …, "project": …, "_user": …} plus ' +
        'one key per tag, values lower-cased for mode and task as Switchyard stores them.',
      `Send "model": "${AUTO_MODEL}" to be routed by the table, or "${TIER_ALIAS_PREFIX}<tier>" for a tier.`,
      'Replace each api_key placeholder (or pass credentials to the export, e.g. virtual keys for Portkey’s hosted gateway).',
      'A condition compares values exactly, so send the requested model in lower case as the table lists it.',
    ],
  };
}

function condition(query: PortkeyQuery, target: string): { query: PortkeyQuery; then: string } {
  // biome-ignore lint/suspicious/noThenProperty: Portkey's config names a condition's target `then`.
  return { query, then: target };
}

/** The rule's tests as one Portkey query (keys AND-ed), or null when a test cannot be expressed. */
function portkeyQuery(rule: RoutingRule, i: number, gaps: ExportGap[]): PortkeyQuery | null {
  const at = (...p: string[]) => jsonPointer(['rules', i, 'when', ...p]);
  const before = gaps.length;
  const query: PortkeyQuery = {};
  const { when } = rule;
  for (const [test, key] of Object.entries(PORTKEY_METADATA_KEYS) as [keyof typeof PORTKEY_METADATA_KEYS, string][]) {
    const values = when[test];
    if (values !== undefined) query[`metadata.${key}`] = { $in: values };
  }
  const reserved = new Set<string>(Object.values(PORTKEY_METADATA_KEYS));
  for (const [key, values] of Object.entries(when.tags ?? {})) {
    if (key.includes('.') || reserved.has(key)) {
      gaps.push({ ruleId: rule.id, path: at('tags', key), reason: `Portkey metadata cannot carry a tag named "${key}".` });
    } else query[`metadata.${key}`] = { $in: values };
  }
  // As routeRequest reads a request, a rule without a requested-model test only decides `auto` requests.
  query['params.model'] = when.requestedModel === undefined ? { $eq: AUTO_MODEL } : { $in: when.requestedModel };
  for (const test of ['inputTokens', 'budget'] as const) {
    if (when[test] !== undefined)
      gaps.push({ ruleId: rule.id, path: at(test), reason: `Portkey ${UNSEEN_BY_GATEWAYS[test]}; rule left out.` });
  }
  return gaps.length > before ? null : query;
}
