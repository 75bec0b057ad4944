/**
 * What the demo traffic looks like: projects, people, modes and their shares, and which real models
 * (ids the bundled price catalog knows) serve each mode. Shares follow what agent gateways report:
 * most turns are code; plan, architect and debug go to frontier models; ask is cheap.
 */
export const DEMO_MODES = {
  code: 44,
  ask: 16,
  debug: 14,
  plan: 10,
  architect: 7,
  orchestrator: 9,
} as const;
export type DemoMode = keyof typeof DEMO_MODES;

export const DEMO_TASKS: Record<DemoMode, Record<string, number>> = {
  code: { implement: 45, refactor: 25, 'test-gen': 20, 'fix-lint': 10 },
  ask: { explain: 50, summarize: 30, 'search-docs': 20 },
  debug: { 'bug-triage': 40, stacktrace: 35, 'fix-test': 25 },
  plan: { spec: 55, breakdown: 45 },
  architect: { 'design-review': 60, 'schema-design': 40 },
  orchestrator: { delegate: 100 },
};

export interface DemoModel {
  provider: 'anthropic' | 'openai' | 'google';
  model: string;
  tier: 'frontier' | 'balanced' | 'economy';
  /** Share of output tokens spent reasoning, when the model reasons. */
  reasoningShare: number;
  contextWindow: number;
}

export const DEMO_MODELS = {
  'claude-opus-4-5': { provider: 'anthropic', model: 'claude-opus-4-5', tier: 'frontier', reasoningShare: 0.35, contextWindow: 200_000 },
  'gpt-5': { provider: 'openai', model: 'gpt-5', tier: 'frontier', reasoningShare: 0.55, contextWindow: 400_000 },
  'gemini-2.5-pro': { provider: 'google', model: 'gemini-2.5-pro', tier: 'frontier', reasoningShare: 0.4, contextWindow: 1_000_000 },
  'claude-sonnet-4-5': {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    tier: 'frontier',
    reasoningShare: 0.15,
    contextWindow: 1_000_000,
  },
  'gpt-5-mini': { provider: 'openai', model: 'gpt-5-mini', tier: 'balanced', reasoningShare: 0.45, contextWindow: 400_000 },
  'gemini-2.5-flash': { provider: 'google', model: 'gemini-2.5-flash', tier: 'balanced', reasoningShare: 0.25, contextWindow: 1_000_000 },
  'claude-haiku-4-5': { provider: 'anthropic', model: 'claude-haiku-4-5', tier: 'balanced', reasoningShare: 0, contextWindow: 200_000 },
  'gpt-5-nano': { provider: 'openai', model: 'gpt-5-nano', tier: 'economy', reasoningShare: 0.4, contextWindow: 400_000 },
  'gemini-2.5-flash-lite': {
    provider: 'google',
    model: 'gemini-2.5-flash-lite',
    tier: 'economy',
    reasoningShare: 0,
    contextWindow: 1_000_000,
  },
} as const satisfies Record<string, DemoModel>;
export type DemoModelId = keyof typeof DEMO_MODELS;

/** Which models serve each mode, by weight: the unrouted habit of teams that default to frontier models. */
export const DEMO_MODEL_MIX: Record<DemoMode, Partial<Record<DemoModelId, number>>> = {
  plan: { 'claude-opus-4-5': 55, 'gpt-5': 30, 'gemini-2.5-pro': 15 },
  architect: { 'claude-opus-4-5': 60, 'gpt-5': 25, 'gemini-2.5-pro': 15 },
  debug: { 'claude-opus-4-5': 35, 'claude-sonnet-4-5': 40, 'gpt-5': 15, 'gemini-2.5-pro': 10 },
  code: { 'claude-sonnet-4-5': 55, 'claude-opus-4-5': 12, 'gpt-5-mini': 13, 'gemini-2.5-flash': 12, 'gpt-5': 8 },
  ask: { 'claude-haiku-4-5': 30, 'gpt-5-nano': 20, 'gemini-2.5-flash-lite': 15, 'claude-sonnet-4-5': 25, 'gpt-5-mini': 10 },
  orchestrator: { 'claude-sonnet-4-5': 50, 'claude-opus-4-5': 30, 'gpt-5': 20 },
};

export interface DemoProject {
  slug: string;
  name: string;
  team: string;
  users: readonly string[];
  /** Mean sessions per user on a weekday. */
  sessionsPerDay: number;
  /** This project's gateway routes (requested `auto`); the others call models directly. */
  routed: boolean;
  /** Calls models directly until the day routing version 2 is published, then goes through the gateway (`auto`). */
  routedFromV2?: boolean;
}

export const DEMO_PROJECTS: readonly DemoProject[] = [
  {
    slug: 'checkout-agent',
    name: 'Checkout agent',
    team: 'payments',
    users: ['ana', 'bruno', 'chen', 'dara', 'eli'],
    sessionsPerDay: 2.6,
    routed: false,
  },
  {
    slug: 'platform-copilot',
    name: 'Platform copilot',
    team: 'infra',
    users: ['farah', 'gus', 'hana', 'ivan', 'jo', 'kemal'],
    sessionsPerDay: 2.2,
    routed: true,
  },
  {
    slug: 'data-pipelines',
    name: 'Data pipelines',
    team: 'data',
    users: ['lena', 'marco', 'nadia'],
    sessionsPerDay: 2.0,
    routed: false,
    routedFromV2: true,
  },
  {
    slug: 'support-assistant',
    name: 'Support assistant',
    team: 'support',
    users: ['omar', 'priya', 'quinn', 'rosa'],
    sessionsPerDay: 3.0,
    routed: true,
  },
];
