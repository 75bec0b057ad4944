/** Options a person picks: defaults, and bad input refused with stable codes and field errors. */
import { describe, expect, it } from 'vitest';
import { modelRefOf, parseBaselineChoice, parseSimulationOptions } from '@/lib/simulation/options';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return { code: (e as { code?: string }).code, fields: (e as { fields?: Record<string, string[]> }).fields };
  }
  return null;
};

describe('simulation options', () => {
  it('default to losing the cache on a move, success rates, 20 outcomes, 95 %, ten sessions', () => {
    expect(parseSimulationOptions(undefined)).toEqual({
      cache: 'lost-when-moved',
      metric: 'success',
      minOutcomes: 20,
      confidence: 0.95,
      topSessions: 10,
    });
    expect(parseSimulationOptions({ cache: 'kept-when-moved', metric: 'score' })).toMatchObject({
      cache: 'kept-when-moved',
      metric: 'score',
    });
  });

  it('refuse bad values with bad_request:simulation and the field at fault', () => {
    const bad = codeOf(() => parseSimulationOptions({ cache: 'maybe', minOutcomes: 0, confidence: 0.5, extra: 1 }));
    expect(bad?.code).toBe('bad_request:simulation');
    expect(Object.keys(bad?.fields ?? {}).sort()).toEqual(['_', 'cache', 'confidence', 'minOutcomes']);
  });
});

describe('baseline choice', () => {
  it('accepts the four named baselines', () => {
    expect(parseBaselineChoice({ kind: 'requested' })).toEqual({ kind: 'requested' });
    expect(parseBaselineChoice({ kind: 'pinned', model: 'anthropic/claude-opus-4-5' }).kind).toBe('pinned');
    expect(parseBaselineChoice({ kind: 'version', version: 3 })).toEqual({ kind: 'version', version: 3 });
    expect(parseBaselineChoice({ kind: 'tier', tier: 'frontier' })).toEqual({ kind: 'tier', tier: 'frontier' });
    expect(modelRefOf('Anthropic/claude-opus-4-5')).toEqual({ provider: 'anthropic', model: 'claude-opus-4-5' });
  });

  it('refuses anything else with bad_request:savings', () => {
    for (const input of [undefined, {}, { kind: 'pinned', model: 'no-provider' }, { kind: 'version', version: 0 }, { kind: 'magic' }])
      expect(codeOf(() => parseBaselineChoice(input))?.code).toBe('bad_request:savings');
  });
});
