import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateInputTokens, field, scanBody, TOKENS_PER_IMAGE, withFields } from '@/gateway/body';

const json = (v: unknown, space?: number) => Buffer.from(JSON.stringify(v, null, space));

describe('reading a body by its top level', () => {
  it('finds every top-level value, whatever strings, escapes and nesting sit in between (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.constantFrom(undefined, 2), (obj, space) => {
        const raw = json(obj, space);
        const scanned = scanBody(raw)!;
        expect(scanned).not.toBeNull();
        const parsed = JSON.parse(raw.toString()) as Record<string, unknown>;
        expect([...scanned.spans.keys()].sort()).toEqual(Object.keys(parsed).sort());
        for (const k of Object.keys(parsed)) expect(field(scanned, k)).toEqual(parsed[k]);
      }),
      { numRuns: 300 },
    );
  });

  it('splices fields in: the result parses to the body with those fields set, every other byte unchanged (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.boolean(), (obj, model, addOptions) => {
        const raw = json(obj);
        const fields: Record<string, unknown> = { model };
        if (addOptions) fields.stream_options = { include_usage: true };
        const out = withFields(scanBody(raw)!, fields);
        expect(JSON.parse(out.toString())).toEqual({ ...JSON.parse(raw.toString()), ...fields });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the bytes of what it does not change (a 370 KB context is copied, not re-serialised)', () => {
    const messages = [{ role: 'user', content: 'x\\"y "quoted" \\\\'.repeat(10_000) }];
    const raw = Buffer.from(`{ "messages" : ${JSON.stringify(messages)} , "model":"auto","stream":true}`);
    const out = withFields(scanBody(raw)!, { model: 'gpt-5-mini' });
    expect(out.toString()).toBe(raw.toString().replace('"model":"auto"', '"model":"gpt-5-mini"'));
  });

  it('refuses what is not one JSON object', () => {
    for (const text of ['', '[]', '"x"', '{"a":1', '{"a":1,}', '{"a" 1}', '{"a":"unterminated}', '{"a":1} trailing', '{,}']) {
      expect(scanBody(Buffer.from(text)), text).toBeNull();
    }
    expect(scanBody(Buffer.from(' {} '))?.spans.size).toBe(0);
    expect(withFields(scanBody(Buffer.from('{}'))!, { model: 'm' }).toString()).toBe('{"model":"m"}');
  });
});

describe('input-token estimate', () => {
  it('is about bytes / 4, with inline images counted as images, not as their base64', () => {
    const text = { model: 'auto', messages: [{ role: 'user', content: 'a'.repeat(4_000) }] };
    const base = estimateInputTokens(scanBody(json(text))!);
    expect(base).toBeGreaterThanOrEqual(1_000);
    expect(base).toBeLessThan(1_030);
    const png = 'iVBORw0KGgo'.repeat(20_000);
    const openai = {
      ...text,
      messages: [...text.messages, { role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }],
    };
    const anthropic = {
      ...text,
      messages: [
        ...text.messages,
        { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }] },
      ],
    };
    for (const body of [openai, anthropic]) {
      const est = estimateInputTokens(scanBody(json(body))!);
      expect(est - base).toBeGreaterThanOrEqual(TOKENS_PER_IMAGE);
      expect(est - base).toBeLessThan(TOKENS_PER_IMAGE + 50);
    }
    // A long text is text, not a blob.
    const long = { ...text, messages: [{ role: 'user', content: 'word, word. '.repeat(5_000) }] };
    expect(estimateInputTokens(scanBody(json(long))!)).toBeGreaterThan(14_000);
  });
});
