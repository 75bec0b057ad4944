/**
 * A mock LLM provider for the gateway's tests and benchmark: a real HTTP server speaking OpenAI chat completions
 * and Anthropic Messages (JSON and SSE, with usage as the real APIs send it — see /work/notes/llm-sdks.md), at a
 * fixed latency, failing on demand per model. Any path ending in /chat/completions or /messages is served; the
 * first path segment names the provider it plays (`/openai/v1/chat/completions`), so one server plays several.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Failure =
  | { status: number; body?: string; echoKey?: boolean }
  | { kind: 'reset' }
  | { kind: 'hang' }
  /** Sends headers and a first event, then resets the connection (a stream that breaks after it started). */
  | { kind: 'break_stream' };

export interface MockUsage {
  prompt: number;
  cached: number;
  completion: number;
  reasoning: number;
  /** Anthropic: cache writes, split 5-minute / 1-hour. */
  write5m: number;
  write1h: number;
}

export interface ReceivedRequest {
  provider: string;
  api: 'chat' | 'messages';
  model: string;
  stream: boolean;
  includeUsage: boolean;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface MockUpstream {
  url: string;
  port: number;
  received: ReceivedRequest[];
  /** Queue failures for a model (each used once, in order). */
  fail(model: string, ...failures: Failure[]): void;
  usage: MockUsage;
  /** Delay before the response headers (ms). */
  latencyMs: number;
  /** Delay between stream events (ms). */
  chunkDelayMs: number;
  /** Text chunks each stream sends. */
  chunks: string[];
  close(): Promise<void>;
}

export async function startMockUpstream(options: { port?: number; latencyMs?: number; record?: boolean } = {}): Promise<MockUpstream> {
  const failures = new Map<string, Failure[]>();
  const received: ReceivedRequest[] = [];
  const record = options.record ?? true;
  const mock: MockUpstream = {
    url: '',
    port: 0,
    received,
    fail: (model, ...f) => failures.set(model, [...(failures.get(model) ?? []), ...f]),
    usage: { prompt: 1500, cached: 1000, completion: 50, reasoning: 20, write5m: 200, write1h: 100 },
    latencyMs: options.latencyMs ?? 0,
    chunkDelayMs: 0,
    chunks: ['Hel', 'lo'],
    close: async () => {},
  };

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      const api = path.endsWith('/chat/completions') ? 'chat' : path.endsWith('/messages') ? 'messages' : null;
      if (req.method !== 'POST' || api === null) {
        res.writeHead(404).end();
        return;
      }
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad json"}}');
        return;
      }
      const model = String(body.model ?? '');
      const stream = body.stream === true;
      const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      if (record) received.push({ provider: path.split('/')[1] ?? '', api, model, stream, includeUsage, headers: req.headers, body });
      const failure = failures.get(model)?.shift();
      const respond = () => {
        if (failure && !('kind' in failure && failure.kind === 'break_stream')) return fail(req, res, failure, api);
        if (api === 'chat') return stream ? chatStream(res, model, includeUsage, failure) : chatJson(res, model);
        return stream ? messagesStream(res, model, failure) : messagesJson(res, model);
      };
      if (mock.latencyMs > 0) setTimeout(respond, mock.latencyMs);
      else respond();
    });
  });

  const fail = (req: http.IncomingMessage, res: http.ServerResponse, f: Failure, api: 'chat' | 'messages') => {
    if ('kind' in f) {
      if (f.kind === 'reset') req.socket.destroy();
      return; // hang: never answer
    }
    const key = req.headers.authorization ?? req.headers['x-api-key'] ?? '';
    const message = f.echoKey ? `Incorrect API key provided: ${String(key).replace(/^Bearer /, '')}` : `mock failure ${f.status}`;
    const body =
      f.body ??
      (api === 'chat'
        ? JSON.stringify({ error: { message, type: 'server_error', code: null } })
        : JSON.stringify({ type: 'error', error: { type: 'api_error', message } }));
    res.writeHead(f.status, { 'content-type': 'application/json' }).end(body);
  };

  const sseHead = (res: http.ServerResponse) =>
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': 'req_mock' });

  const paced = (res: http.ServerResponse, events: string[], breakAfter: number | null) => {
    let i = 0;
    const next = () => {
      // Let what was written reach the client first: the stream has visibly started when it breaks.
      if (breakAfter !== null && i === breakAfter) return void setTimeout(() => res.socket?.destroy(), 30);
      if (i >= events.length) return void res.end();
      res.write(events[i++]);
      if (mock.chunkDelayMs > 0) setTimeout(next, mock.chunkDelayMs);
      else next();
    };
    next();
  };

  const chatStream = (res: http.ServerResponse, model: string, includeUsage: boolean, f?: Failure) => {
    const u = mock.usage;
    const base = { id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1735689600, model, system_fingerprint: 'fp_mock' };
    const chunk = (delta: object, finish: string | null) => ({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: null,
    });
    const chunks: object[] = [
      chunk({ role: 'assistant', content: '' }, null),
      ...mock.chunks.map((c) => chunk({ content: c }, null)),
      chunk({}, 'stop'),
    ];
    if (includeUsage) {
      chunks.push({
        ...base,
        choices: [],
        usage: {
          prompt_tokens: u.prompt,
          completion_tokens: u.completion,
          total_tokens: u.prompt + u.completion,
          prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
          completion_tokens_details: {
            reasoning_tokens: u.reasoning,
            audio_tokens: 0,
            accepted_prediction_tokens: 0,
            rejected_prediction_tokens: 0,
          },
        },
      });
    }
    sseHead(res);
    const events = [...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
    paced(res, events, f && 'kind' in f && f.kind === 'break_stream' ? 2 : null);
  };

  const chatJson = (res: http.ServerResponse, model: string) => {
    const u = mock.usage;
    const body = JSON.stringify({
      id: 'chatcmpl-mock',
      object: 'chat.completion',
      created: 1735689600,
      model,
      choices: [
        { index: 0, message: { role: 'assistant', content: mock.chunks.join(''), refusal: null }, logprobs: null, finish_reason: 'stop' },
      ],
      usage: {
        prompt_tokens: u.prompt,
        completion_tokens: u.completion,
        total_tokens: u.prompt + u.completion,
        prompt_tokens_details: { cached_tokens: u.cached },
        completion_tokens_details: { reasoning_tokens: u.reasoning },
      },
    });
    res
      .writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': 'req_mock' })
      .end(body);
  };

  // Anthropic counts input without the cache: the mock's prompt total is split into uncached + writes + reads.
  const anthropicUsage = () => {
    const u = mock.usage;
    return {
      input_tokens: Math.max(0, u.prompt - u.cached - u.write5m - u.write1h),
      cache_creation_input_tokens: u.write5m + u.write1h,
      cache_read_input_tokens: u.cached,
      cache_creation: { ephemeral_5m_input_tokens: u.write5m, ephemeral_1h_input_tokens: u.write1h },
    };
  };

  const messagesStream = (res: http.ServerResponse, model: string, f?: Failure) => {
    const ev = (e: { type: string }) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
    const events = [
      ev({
        type: 'message_start',
        message: {
          id: 'msg_mock',
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...anthropicUsage(), output_tokens: 1, service_tier: 'standard' },
        },
      } as { type: string }),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } as { type: string }),
      ev({ type: 'ping' }),
      ...mock.chunks.map((text) => ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } } as { type: string })),
      ev({ type: 'content_block_stop', index: 0 } as { type: string }),
      ev({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: mock.usage.completion },
      } as {
        type: string;
      }),
      ev({ type: 'message_stop' }),
    ];
    sseHead(res);
    paced(res, events, f && 'kind' in f && f.kind === 'break_stream' ? 2 : null);
  };

  const messagesJson = (res: http.ServerResponse, model: string) => {
    const body = JSON.stringify({
      id: 'msg_mock',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: mock.chunks.join('') }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { ...anthropicUsage(), output_tokens: mock.usage.completion },
    });
    res
      .writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'request-id': 'req_mock' })
      .end(body);
  };

  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  mock.port = (server.address() as AddressInfo).port;
  mock.url = `http://127.0.0.1:${mock.port}`;
  mock.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return mock;
}
