import { describe, expect, it } from 'vitest';
import { SseSplitter } from '@/gateway/sse';
import { AnthropicStreamUsage, usageFromAnthropic } from '@/gateway/usage/anthropic';
import { isUsageOnlyChunk, readOpenAIChunk, usageFromOpenAI } from '@/gateway/usage/openai';

describe('OpenAI usage', () => {
  it('the final stream chunk: cached tokens inside input, reasoning inside output', () => {
    const final = {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      model: 'gpt-5-mini-2025-08-07',
      choices: [],
      usage: {
        prompt_tokens: 1200,
        completion_tokens: 50,
        total_tokens: 1250,
        prompt_tokens_details: { cached_tokens: 1000, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 20, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
    };
    expect(isUsageOnlyChunk(final)).toBe(true);
    expect(readOpenAIChunk(final)).toEqual({
      model: 'gpt-5-mini-2025-08-07',
      error: false,
      usage: {
        input_tokens: 1200,
        cache_read_tokens: 1000,
        cache_write_5m_tokens: 0,
        cache_write_1h_tokens: 0,
        output_tokens: 50,
        reasoning_tokens: 20,
      },
    });
  });

  it('content chunks carry no usage; a mid-stream error chunk is seen', () => {
    const chunk = { choices: [{ index: 0, delta: { content: 'Hel' } }], usage: null, model: 'gpt-5' };
    expect(isUsageOnlyChunk(chunk)).toBe(false);
    expect(readOpenAIChunk(chunk).usage).toBeNull();
    expect(readOpenAIChunk({ error: { message: 'boom', type: 'server_error' } }).error).toBe(true);
  });

  it('reasoning counted apart (Gemini’s OpenAI endpoint: total = prompt + completion + reasoning) is added to output', () => {
    expect(
      usageFromOpenAI({
        prompt_tokens: 100,
        completion_tokens: 10,
        total_tokens: 140,
        completion_tokens_details: { reasoning_tokens: 30 },
      }),
    ).toMatchObject({ input_tokens: 100, output_tokens: 40, reasoning_tokens: 30 });
    // Inside (OpenAI): total = prompt + completion.
    expect(
      usageFromOpenAI({
        prompt_tokens: 100,
        completion_tokens: 40,
        total_tokens: 140,
        completion_tokens_details: { reasoning_tokens: 30 },
      }),
    ).toMatchObject({ output_tokens: 40, reasoning_tokens: 30 });
  });

  it('never emits counts ingestion refuses: missing, negative or fractional values are 0 and partitions fit their totals', () => {
    expect(usageFromOpenAI({ prompt_tokens: 10, completion_tokens: -3, prompt_tokens_details: { cached_tokens: 50 } })).toEqual({
      input_tokens: 10,
      cache_read_tokens: 10,
      cache_write_5m_tokens: 0,
      cache_write_1h_tokens: 0,
      output_tokens: 0,
      reasoning_tokens: 0,
    });
    expect(usageFromOpenAI(null)).toBeNull();
  });
});

describe('Anthropic usage', () => {
  it('message_start then message_delta: input = uncached + cache writes + reads, the 5m/1h split kept, output the final total', () => {
    const acc = new AnthropicStreamUsage();
    acc.push({
      type: 'message_start',
      message: {
        model: 'claude-haiku-4-5',
        usage: {
          input_tokens: 25,
          cache_creation_input_tokens: 300,
          cache_read_input_tokens: 1000,
          output_tokens: 1,
          cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 100 },
        },
      },
    });
    acc.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } });
    acc.push({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 50 } });
    expect(acc.model).toBe('claude-haiku-4-5');
    expect(acc.usage()).toEqual({
      input_tokens: 1325,
      cache_read_tokens: 1000,
      cache_write_5m_tokens: 200,
      cache_write_1h_tokens: 100,
      output_tokens: 50,
      reasoning_tokens: 0,
    });
  });

  it('without the split every write is a 5-minute write; message_delta input fields overwrite, never add', () => {
    const acc = new AnthropicStreamUsage();
    acc.push({ type: 'message_start', message: { usage: { input_tokens: 10, cache_creation_input_tokens: 40, output_tokens: 1 } } });
    acc.push({ type: 'message_delta', usage: { input_tokens: 12, output_tokens: 7 } });
    expect(acc.usage()).toMatchObject({ input_tokens: 52, cache_write_5m_tokens: 40, cache_write_1h_tokens: 0, output_tokens: 7 });
    expect(usageFromAnthropic({ input_tokens: 5, output_tokens: 2 })).toMatchObject({
      input_tokens: 5,
      cache_read_tokens: 0,
      output_tokens: 2,
    });
  });

  it('an error event marks the stream; no usage seen is null (the gateway then estimates)', () => {
    const acc = new AnthropicStreamUsage();
    acc.push({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(acc.error).toBe(true);
    expect(acc.usage()).toBeNull();
  });
});

describe('SseSplitter', () => {
  const run = (chunks: string[], drop: (data: string) => boolean = () => false) => {
    const out: string[] = [];
    const inspected: string[] = [];
    const s = new SseSplitter({
      forward: (b) => out.push(b.toString('utf8')),
      inspect: (data) => {
        inspected.push(data);
        return !drop(data);
      },
    });
    for (const c of chunks) s.push(Buffer.from(c));
    s.end();
    return { forwarded: out.join(''), writes: out, inspected };
  };

  it('forwards whole events as they complete, even when a chunk splits an event or a multi-byte character', () => {
    const euro = Buffer.from('data: {"c":"€"}\n\n');
    const cut = euro.indexOf(0xe2) + 1;
    const { forwarded, writes } = run(['data: {"a":1}\n', '\ndata: {"b"', ':2}\n\n', euro.subarray(0, cut).toString('latin1')]);
    expect(writes[0]).toBe('data: {"a":1}\n\n');
    expect(forwarded.startsWith('data: {"a":1}\n\ndata: {"b":2}\n\n')).toBe(true);
    const bytes: Buffer[] = [];
    const s = new SseSplitter({ forward: (b) => bytes.push(Buffer.from(b)), inspect: () => true });
    s.push(euro.subarray(0, cut));
    expect(bytes).toHaveLength(0);
    s.push(euro.subarray(cut));
    expect(Buffer.concat(bytes).toString('utf8')).toBe('data: {"c":"€"}\n\n');
  });

  it('parses only events that carry usage or an error, with LF or CRLF line ends', () => {
    const { inspected } = run([
      'data: {"choices":[{"delta":{"content":"x"}}],"usage":null}\n\n',
      'event: message_delta\r\ndata: {"type":"message_delta","usage": {"output_tokens":5}}\r\n\r\n',
      'data: {"error":{"message":"boom"}}\n\n',
      'data: [DONE]\n\n',
    ]);
    expect(inspected).toEqual(['{"type":"message_delta","usage": {"output_tokens":5}}', '{"error":{"message":"boom"}}']);
  });

  it('drops an event the sink refuses and forwards the rest unchanged', () => {
    const usage = 'data: {"choices":[],"usage":{"prompt_tokens":1}}\n\n';
    const { forwarded } = run([`data: {"a":1}\n\n${usage}data: [DONE]\n\n`], (d) => d.includes('prompt_tokens'));
    expect(forwarded).toBe('data: {"a":1}\n\ndata: [DONE]\n\n');
  });
});
