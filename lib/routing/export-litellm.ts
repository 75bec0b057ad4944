/**
 * A published routing table as a LiteLLM proxy config (config.yaml): the table becomes tag routing inside the
 * model group `auto` (one deployment per rule, tagged `mode:<mode>`; the default rule tagged `default`), each
 * tier a group `switchyard/<tier>` with its fallbacks, each fallback model a group of its own, and `*` passes
 * any other model through. LiteLLM matches a request tag against every deployment of a group and balances
 * between the matches, so only rules that test the mode alone keep first-match meaning; the rest are listed.
 */
import { stringify } from 'yaml';
import type { RoutingDocument, RoutingRule } from './document';
import { decisionOf } from './evaluator';
import { type ExportGap, type RoutingExport, splitModelId, UNSEEN_BY_GATEWAYS } from './export-common';
import { AUTO_MODEL, TIER_ALIAS_PREFIX } from './features';
import { jsonPointer } from './issues';

export interface LiteLLMDeployment {
  model_name: string;
  litellm_params: { model: string; tags: string[]; reasoning_effort?: string };
}

export interface LiteLLMConfig {
  model_list: LiteLLMDeployment[];
  router_settings: { enable_tag_filtering: true; fallbacks: Record<string, string[]>[] };
}

export type LiteLLMExport = RoutingExport<LiteLLMConfig>;

/** Switchyard provider → LiteLLM provider prefix, where the names differ. */
export const LITELLM_PROVIDERS: Record<string, string> = {
  google: 'gemini',
  vertex: 'vertex_ai',
  together: 'together_ai',
  fireworks: 'fireworks_ai',
};
export const MODE_TAG_PREFIX = 'mode:';
const DEFAULT_TAG = 'default';

const litellmModel = (id: string) => {
  const { provider, model } = splitModelId(id);
  return `${LITELLM_PROVIDERS[provider] ?? provider}/${model}`;
};

export function exportLiteLLMConfig(doc: RoutingDocument, options: { version: number }): LiteLLMExport {
  const tiers = new Map(Object.entries(doc.tiers));
  const gaps: ExportGap[] = [];
  const auto: LiteLLMDeployment[] = [];
  const claimed = new Set<string>();
  const last = doc.rules.length - 1;
  const notes: string[] = [];

  doc.rules.forEach((rule, i) => {
    const d = decisionOf(rule, options.version, tiers);
    const params = (tags: string[]) => ({
      model: litellmModel(d.model),
      tags,
      ...(d.reasoningEffort ? { reasoning_effort: d.reasoningEffort } : {}),
    });
    if (!ruleExpressible(rule, i, gaps)) return;
    let tags = [DEFAULT_TAG];
    if (i < last) {
      const modes = (rule.when.mode ?? []).filter((m) => !claimed.has(m));
      for (const m of modes) claimed.add(m);
      if (modes.length === 0) {
        notes.push(`Rule "${rule.id}" is left out: every mode it lists goes to an earlier rule.`);
        return;
      }
      tags = modes.map((m) => `${MODE_TAG_PREFIX}${m}`);
    }
    auto.push({ model_name: AUTO_MODEL, litellm_params: params(tags) });
    if (d.fallbacks.length > 0) {
      gaps.push({
        ruleId: rule.id,
        path: jsonPointer(['rules', i, 'route']),
        reason:
          `LiteLLM keeps fallbacks per model group and every rule shares the group "${AUTO_MODEL}": ` +
          `${d.fallbacks.join(', ')} not exported.`,
      });
    }
  });

  const groups: LiteLLMDeployment[] = [];
  const fallbacks: Record<string, string[]>[] = [];
  const modelGroups = new Set<string>();
  for (const [tier, models] of tiers) {
    const name = `${TIER_ALIAS_PREFIX}${tier}`;
    groups.push({ model_name: name, litellm_params: { model: litellmModel(models[0]!), tags: [DEFAULT_TAG] } });
    const rest = [...new Set(models.slice(1))].filter((m) => m !== models[0]);
    if (rest.length > 0) fallbacks.push({ [name]: rest });
    for (const m of rest) modelGroups.add(m);
  }
  for (const m of modelGroups) groups.push({ model_name: m, litellm_params: { model: litellmModel(m), tags: [DEFAULT_TAG] } });
  // Other model names pass through, as Switchyard's gateway lets them.
  groups.push({ model_name: '*', litellm_params: { model: '*', tags: [DEFAULT_TAG] } });

  return {
    format: 'litellm',
    version: options.version,
    config: { model_list: [...auto, ...groups], router_settings: { enable_tag_filtering: true, fallbacks } },
    notExpressible: gaps,
    notes: [
      `Send "model": "${AUTO_MODEL}" with the mode as a tag, "tags": ["${MODE_TAG_PREFIX}<mode>"] (lower-case), ` +
        `to be routed by the table; "${TIER_ALIAS_PREFIX}<tier>" for a tier; any other model passes through.`,
      `Every deployment outside "${AUTO_MODEL}" is tagged "${DEFAULT_TAG}" so that tagged requests to it still route.`,
      'Credentials come from the providers’ environment variables (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY, …).',
      ...notes,
    ],
  };
}

/** Only the mode can be a tag: a second tested dimension would make LiteLLM balance between rules, not pick the first. */
function ruleExpressible(rule: RoutingRule, i: number, gaps: ExportGap[]): boolean {
  const at = (...p: string[]) => jsonPointer(['rules', i, 'when', ...p]);
  const before = gaps.length;
  const { mode: _mode, tags, inputTokens, budget, ...others } = rule.when;
  for (const [test, values] of Object.entries(others)) {
    if (values !== undefined) {
      gaps.push({
        ruleId: rule.id,
        path: at(test),
        reason: `LiteLLM tag routing can route on the mode only, not on ${test}; rule left out.`,
      });
    }
  }
  for (const key of Object.keys(tags ?? {})) {
    gaps.push({
      ruleId: rule.id,
      path: at('tags', key),
      reason: 'LiteLLM tag routing can route on the mode only, not on tags; rule left out.',
    });
  }
  if (inputTokens !== undefined)
    gaps.push({ ruleId: rule.id, path: at('inputTokens'), reason: `LiteLLM ${UNSEEN_BY_GATEWAYS.inputTokens}; rule left out.` });
  if (budget !== undefined)
    gaps.push({ ruleId: rule.id, path: at('budget'), reason: `LiteLLM ${UNSEEN_BY_GATEWAYS.budget}; rule left out.` });
  return gaps.length === before;
}

/** config.yaml for the LiteLLM proxy, with what it cannot express written at the top as comments. */
export function renderLiteLLMYaml(exp: LiteLLMExport): string {
  const lines = [
    `Switchyard routing table, version ${exp.version}, as a LiteLLM proxy config.`,
    ...(exp.notExpressible.length > 0 ? ['Not expressible in LiteLLM (left out):', ...exp.notExpressible.map(gapLine)] : []),
    ...exp.notes.map((n) => `Note: ${n}`),
  ];
  return `${lines.map((l) => `# ${l}`).join('\n')}\n${stringify(exp.config)}`;
}

const gapLine = (g: ExportGap) => `- ${g.ruleId === null ? 'table' : `rule "${g.ruleId}"`}${g.path ? ` (${g.path})` : ''}: ${g.reason}`;
