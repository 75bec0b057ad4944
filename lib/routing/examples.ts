/**
 * Demo-ready routing documents, on the models the demo traffic uses (lib/demo/catalog.ts). Version 2 is the
 * mode table the product recommends; version 1 is what came before it: coding and orchestration pinned to
 * Claude Sonnet 4.5, a frontier model. The demo publishes version 2 on a known day so the switch shows in spend,
 * in savings against version 1, and in the version diff.
 */
import type { RoutingDocumentInput } from './document';

type Rule = RoutingDocumentInput['rules'][number];

const TIERS = {
  frontier: ['anthropic/claude-opus-4-5', 'openai/gpt-5', 'google/gemini-2.5-pro'],
  balanced: ['anthropic/claude-haiku-4-5', 'openai/gpt-5-mini', 'google/gemini-2.5-flash'],
  economy: ['openai/gpt-5-nano', 'google/gemini-2.5-flash-lite'],
};

const deepWork: Rule = {
  id: 'deep-work',
  description: 'Planning, architecture and debugging need the most capable models.',
  when: { mode: ['plan', 'architect', 'debug'] },
  route: { tier: 'frontier' },
  reasoningEffort: 'high',
};
const ask: Rule = {
  id: 'ask',
  description: 'Questions about the code: the cheapest tier answers them well.',
  when: { mode: ['ask'] },
  route: { tier: 'economy' },
};
const fallback: Rule = { id: 'default', description: 'Anything else (other modes, no mode).', when: {}, route: { tier: 'balanced' } };

/** Version 1: coding and orchestration on Claude Sonnet 4.5, falling back to GPT-5. */
export const DEMO_ROUTING_V1: RoutingDocumentInput = {
  tiers: TIERS,
  rules: [
    deepWork,
    {
      id: 'code',
      description: 'Coding and orchestration on Claude Sonnet 4.5.',
      when: { mode: ['code', 'orchestrator'] },
      route: { model: 'anthropic/claude-sonnet-4-5' },
      fallbacks: ['openai/gpt-5'],
    },
    ask,
    fallback,
  ],
};

/** Version 2: the mode table — plan/architect/debug → frontier, code/orchestrator → balanced, ask → economy, default balanced. */
export const DEMO_ROUTING_V2: RoutingDocumentInput = {
  tiers: TIERS,
  rules: [
    deepWork,
    {
      id: 'code',
      description: 'Coding and orchestration: balanced models do them well for a fraction of the price.',
      when: { mode: ['code', 'orchestrator'] },
      route: { tier: 'balanced' },
    },
    ask,
    fallback,
  ],
};

/** The table to show first. */
export const EXAMPLE_ROUTING_DOCUMENT = DEMO_ROUTING_V2;

/** For the demo seed: version 1 is published at the start of the demo period, version 2 this many days before its end. */
export const DEMO_ROUTING_V2_DAYS_BEFORE_END = 12;
