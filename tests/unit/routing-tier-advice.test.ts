import { describe, expect, it } from 'vitest';
import { routingDocumentSchema } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { cheaperTierFor } from '@/lib/routing/tier-advice';
import { periodStart } from '@/lib/sessions/periods';

const ORDER = ['frontier', 'balanced', 'economy'];
const v1 = compileRoutingDocument(routingDocumentSchema.parse(DEMO_ROUTING_V1), { version: 1 });
const v2 = compileRoutingDocument(routingDocumentSchema.parse(DEMO_ROUTING_V2), { version: 2 });

describe('tier advice from the published routing table', () => {
  it('flags a turn served above the tier the table routes it to, naming the rule and version', () => {
    expect(cheaperTierFor(v2, { mode: 'ask' }, 'frontier', ORDER)).toEqual({ tier: 'economy', ruleId: 'ask', version: 2 });
    expect(cheaperTierFor(v2, { mode: 'code' }, 'frontier', ORDER)).toEqual({ tier: 'balanced', ruleId: 'code', version: 2 });
    expect(cheaperTierFor(v2, { mode: 'Ask' }, 'balanced', ORDER)?.tier).toBe('economy');
    expect(cheaperTierFor(v2, { mode: 'plan' }, 'frontier', ORDER)).toBeNull();
    expect(cheaperTierFor(v2, { mode: 'code' }, 'economy', ORDER)).toBeNull();
    expect(cheaperTierFor(v2, {}, 'frontier', ORDER)).toEqual({ tier: 'balanced', ruleId: 'default', version: 2 });
    expect(cheaperTierFor(v2, { mode: 'ask' }, 'unclassified', ORDER)).toBeNull();
  });

  it('follows the table: under version 1 code goes to Claude Sonnet 4.5 (no tier of the document), so no advice', () => {
    expect(cheaperTierFor(v1, { mode: 'code' }, 'frontier', ORDER)).toBeNull();
    expect(cheaperTierFor(v1, { mode: 'code', requestedModel: 'openai/gpt-5' }, 'frontier', ORDER)).toBeNull();
    // A caller that named a model is advised as if routed.
    expect(cheaperTierFor(v2, { mode: 'code', requestedModel: 'anthropic/claude-opus-4-5' }, 'frontier', ORDER)?.tier).toBe('balanced');
  });
});

describe('session periods', () => {
  it('turns a period preset into a start time', () => {
    const now = new Date('2026-11-28T03:00:00Z');
    expect(periodStart('7d', now, 'UTC')?.toISOString()).toBe('2026-11-22T00:00:00.000Z'); // 7 local days, today included
    expect(periodStart('7d', now, 'America/New_York')?.toISOString()).toBe('2026-11-21T05:00:00.000Z');
    expect(periodStart('all', now, 'UTC')).toBeNull();
  });
});
