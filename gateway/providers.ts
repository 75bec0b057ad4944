/**
 * Which upstream serves a model, and through which API. Routed models are `provider/model` (the routing
 * document's ids); a model passed through without a configured provider prefix goes to the provider its name
 * belongs to (claude → anthropic, gemini → google, gpt/o-series → openai) or, failing that, to the first configured
 * provider that speaks the request's API. Anthropic and Google offer OpenAI-compatible chat endpoints, so a chat
 * request reaches every provider without translation; only providers with `messages` take /v1/messages.
 */
import type { ApiKind, ProviderConfig } from './config';

export interface Target {
  provider: ProviderConfig;
  /** As the provider names it (no prefix): what goes into the upstream body. */
  model: string;
  /** `provider/model`, as routing documents and events name it. */
  id: string;
}

export type Resolution = { ok: true; target: Target } | { ok: false; id: string; reason: 'no_provider' | 'api' };

const NAME_HINTS: [RegExp, string][] = [
  [/^claude/i, 'anthropic'],
  [/^gemini/i, 'google'],
  [/^(gpt-|o[1-9]|chatgpt|text-)/i, 'openai'],
];

export class ProviderTable {
  constructor(private readonly providers: ReadonlyMap<string, ProviderConfig>) {}

  /** A routed model id (`provider/model`); the provider is lower-cased as the document does. */
  resolveRouted(id: string, api: ApiKind): Resolution {
    const slash = id.indexOf('/');
    const name = slash < 0 ? '' : id.slice(0, slash).toLowerCase();
    const provider = this.providers.get(name);
    if (!provider) return { ok: false, id, reason: 'no_provider' };
    if (!provider.apis.has(api)) return { ok: false, id, reason: 'api' };
    return { ok: true, target: { provider, model: id.slice(slash + 1), id: `${name}/${id.slice(slash + 1)}` } };
  }

  /** A model the caller named and no rule re-routed. */
  resolvePassThrough(model: string, api: ApiKind): Resolution {
    const slash = model.indexOf('/');
    if (slash > 0 && this.providers.has(model.slice(0, slash).toLowerCase())) return this.resolveRouted(model, api);
    const hinted = NAME_HINTS.find(([re]) => re.test(model))?.[1];
    const provider =
      (hinted !== undefined ? this.providers.get(hinted) : undefined) ?? [...this.providers.values()].find((p) => p.apis.has(api));
    if (!provider) return { ok: false, id: model, reason: 'no_provider' };
    if (!provider.apis.has(api)) return { ok: false, id: `${provider.name}/${model}`, reason: 'api' };
    return { ok: true, target: { provider, model, id: `${provider.name}/${model}` } };
  }
}
