/** What every export of a published routing table shares: the result shape and the model-id split. */

/** A part of the table the target format cannot express, said plainly instead of dropped silently. */
export interface ExportGap {
  /** The rule concerned; null for the table as a whole. */
  ruleId: string | null;
  /** JSON pointer into the routing document. */
  path: string;
  reason: string;
}

export interface RoutingExport<Config> {
  format: 'portkey' | 'litellm';
  version: number;
  config: Config;
  /** What the config cannot do that the table does; rules with such a test are left out of the config. */
  notExpressible: ExportGap[];
  /** How to use the config (headers or tags to send, credentials to fill in). */
  notes: string[];
}

export function splitModelId(id: string): { provider: string; model: string } {
  const slash = id.indexOf('/');
  return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
}

/** Tests a format cannot see, with the reason; the rule that has one is left out. */
export const UNSEEN_BY_GATEWAYS = {
  inputTokens: 'cannot see an estimate of the input tokens',
  budget: 'cannot see budget state',
} as const;
