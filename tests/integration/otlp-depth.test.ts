/**
 * OTLP attribute values nested beyond 32 levels (arrayValue / kvlistValue) are refused with 400 and a stable
 * code, JSON and protobuf alike, however deep (they once overflowed the stack into a 500), and nothing from
 * the request is stored. Bad shapes where lists belong are not a 500 either.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { rowsOf } from '@/db/rows';
import { MAX_VALUE_DEPTH } from '@/lib/otlp/decode';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, makeProject, makeUser } from '../helpers/fixtures';
import { serveRoute } from '../helpers/route-server';

const current = vi.hoisted(() => ({ handle: null as DatabaseHandle | null }));
vi.mock('@/server/context', async () => (await import('../helpers/app-context')).appContextOn(() => current.handle!));

let t: TestDatabase;
let server: Awaited<ReturnType<typeof serveRoute>>;
let projectId: string;
let secret: string;
beforeAll(async () => {
  t = await openTestDatabase();
  current.handle = t;
  const admin = await makeUser(t, 'admin');
  projectId = (await makeProject(t)).id;
  secret = (await createApiKey(as(t, admin), { projectId, name: 'otel', scopes: ['ingest'] })).secret;
  const { POST } = await import('@/app/api/v1/otlp/v1/traces/route');
  server = await serveRoute((req) => POST(req));
});
afterAll(async () => {
  await server?.close();
  await t?.destroy();
});

interface ProtoRoot {
  opentelemetry: {
    proto: {
      collector: {
        trace: { v1: { ExportTraceServiceRequest: { fromObject(o: object): object; encode(m: object): { finish(): Uint8Array } } } };
      };
    };
  };
}

const TOO_DEEP = {
  code: 'bad_request:api',
  message: 'OTLP attribute values nest deeper than 32 levels (arrayValue or kvlistValue); nothing from this request was stored.',
};

async function post(body: Uint8Array | string, contentType: 'application/json' | 'application/x-protobuf') {
  const res = await fetch(`${server.url}/api/v1/otlp/v1/traces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': contentType },
    body: body as BodyInit,
  });
  const text = Buffer.from(await res.arrayBuffer());
  return { status: res.status, error: res.headers.get('content-type')?.includes('json') ? JSON.parse(text.toString()).error : undefined };
}

async function storedCount() {
  const [row] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from usage_events where project_id = ${projectId}`));
  return row!.n;
}

const now = BigInt(Date.now()) * 1_000_000n;
/** A GenAI span with usage (JSON form), so a request that stores anything would store this event. */
const genAiSpan = (spanId: string, extra: object[] = []) => ({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId,
  name: 'chat gpt-5-mini',
  startTimeUnixNano: String(now - 2_000_000_000n),
  endTimeUnixNano: String(now - 1_000_000_000n),
  attributes: [
    { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
    { key: 'gen_ai.request.model', value: { stringValue: 'gpt-5-mini' } },
    { key: 'gen_ai.usage.input_tokens', value: { intValue: '100' } },
    { key: 'gen_ai.usage.output_tokens', value: { intValue: '10' } },
    ...extra,
  ],
});
const request = (spans: object[]) => ({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 't' }, spans }] }] });

/** An AnyValue `levels` deep (the outermost is level 1), as JSON text, built without recursion. */
function deepJson(levels: number, kind: 'array' | 'kvlist' = 'array'): string {
  const [open, close] = kind === 'array' ? ['{"arrayValue":{"values":[', ']}}'] : ['{"kvlistValue":{"values":[{"key":"k","value":', '}]}}'];
  return `${open.repeat(levels - 1)}{"stringValue":"x"}${close.repeat(levels - 1)}`;
}

function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  out.push(n);
  return out;
}

const utf8 = (text: string) => [...Buffer.from(text)];
const field = (tag: number, bytes: number[]) => [tag, ...varint(bytes.length), ...bytes];
const fixed64 = (tag: number, n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return [tag, ...b];
};

/**
 * ExportTraceServiceRequest bytes with one GenAI span whose attribute "deep" is an AnyValue `levels` deep,
 * written by hand (lengths inside out, bytes outside in) so that any depth is cheap to build.
 */
function deepProtobuf(levels: number, spanId: string): Uint8Array {
  const leaf = field(0x0a, utf8('x')); // AnyValue { string_value = 1 }
  const headers: number[][] = [];
  let size = leaf.length;
  /** The bytes so far become field `tag` of the enclosing message, after that message's `before` fields. */
  const wrap = (tag: number, before: number[] = []) => {
    const header = [...before, tag, ...varint(size)];
    headers.push(header);
    size += header.length;
  };
  for (let i = 1; i < levels; i++) {
    wrap(0x0a); // ArrayValue { values = 1 }
    wrap(0x2a); // AnyValue { array_value = 5 }
  }
  wrap(0x12, field(0x0a, utf8('deep'))); // KeyValue { key = 1, value = 2 }
  const text = (k: string, v: string) => field(0x4a, [...field(0x0a, utf8(k)), ...field(0x12, field(0x0a, utf8(v)))]);
  const int = (k: string, n: number) => field(0x4a, [...field(0x0a, utf8(k)), ...field(0x12, [0x18, ...varint(n)])]);
  wrap(0x4a, [
    // Span { trace_id = 1, span_id = 2, name = 5, start = 7, end = 8, attributes = 9 }
    ...field(0x0a, [...Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex')]),
    ...field(0x12, [...Buffer.from(spanId, 'hex')]),
    ...field(0x2a, utf8('chat gpt-5-mini')),
    ...fixed64(0x39, now - 2_000_000_000n),
    ...fixed64(0x41, now - 1_000_000_000n),
    ...text('gen_ai.provider.name', 'openai'),
    ...text('gen_ai.request.model', 'gpt-5-mini'),
    ...int('gen_ai.usage.input_tokens', 100),
    ...int('gen_ai.usage.output_tokens', 10),
  ]);
  wrap(0x12); // ScopeSpans { spans = 2 }
  wrap(0x12); // ResourceSpans { scope_spans = 2 }
  wrap(0x0a); // ExportTraceServiceRequest { resource_spans = 1 }
  const out = new Uint8Array(size);
  let pos = 0;
  for (const header of headers.reverse()) {
    out.set(header, pos);
    pos += header.length;
  }
  out.set(leaf, pos);
  return out;
}

describe('OTLP attribute depth', () => {
  it('takes a value exactly 32 levels deep, in JSON and protobuf', async () => {
    expect(MAX_VALUE_DEPTH).toBe(32);
    const deep = { key: 'deep', value: JSON.parse(deepJson(32)) };
    expect((await post(JSON.stringify(request([genAiSpan('00f067aa0ba90201', [deep])])), 'application/json')).status).toBe(200);
    expect((await post(deepProtobuf(32, '00f067aa0ba90202'), 'application/x-protobuf')).status).toBe(200);
    expect(await storedCount()).toBe(2);
  });

  it.each([
    ['arrayValue, 33 levels', 33, 'array'],
    ['kvlistValue, 33 levels', 33, 'kvlist'],
    ['arrayValue, 200,000 levels', 200_000, 'array'],
  ] as const)('JSON, %s: 400 with the stable code, nothing stored', async (_, levels, kind) => {
    const before = await storedCount();
    // A well-formed GenAI span first: the whole request is refused, so it is not stored either.
    const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(genAiSpan('00f067aa0ba90301'))},
      ${JSON.stringify(genAiSpan('00f067aa0ba90302')).replace(/]}$/, `,{"key":"deep","value":${deepJson(levels, kind)}}]}`)}]}]}]}`;
    expect(await post(body, 'application/json')).toEqual({ status: 400, error: TOO_DEEP });
    expect(await storedCount()).toBe(before);
  });

  it('a deep value in a span event, a link or the scope is refused too, JSON and protobuf', async () => {
    const generated = await import('@opentelemetry/otlp-transformer/build/src/generated/root.js');
    const Request = (generated.default as unknown as ProtoRoot).opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
    const deep = [{ key: 'deep', value: JSON.parse(deepJson(33)) }];
    const span = genAiSpan('00f067aa0ba90401');
    const variants = [
      { resourceSpans: [{ scopeSpans: [{ scope: { name: 't', attributes: deep }, spans: [span] }] }] },
      request([{ ...span, events: [{ name: 'e', timeUnixNano: span.startTimeUnixNano, attributes: deep }] }]),
      request([{ ...span, links: [{ traceId: span.traceId, spanId: span.spanId, attributes: deep }] }]),
    ];
    for (const [i, body] of variants.entries()) {
      expect(await post(JSON.stringify(body), 'application/json'), `JSON ${i}`).toEqual({ status: 400, error: TOO_DEEP });
      const proto = Request.fromObject(
        JSON.parse(JSON.stringify(body), (k, v) => (k === 'traceId' || k === 'spanId' ? Buffer.from(v, 'hex') : v)),
      );
      expect(await post(Request.encode(proto).finish(), 'application/x-protobuf'), `protobuf ${i}`).toEqual({
        status: 400,
        error: TOO_DEEP,
      });
    }
    expect(await storedCount()).toBe(2);
  });

  it.each([33, 200_000])('protobuf, %i levels: 400 with the same code and message, nothing stored', async (levels) => {
    const before = await storedCount();
    expect(await post(deepProtobuf(levels, '00f067aa0ba90501'), 'application/x-protobuf')).toEqual({ status: 400, error: TOO_DEEP });
    expect(await storedCount()).toBe(before);
  });

  it('JSON that is not the OTLP shape where lists and objects belong is ignored, never a 500', async () => {
    for (const body of [
      '{"resourceSpans":5}',
      '{"resourceSpans":[null,{"scopeSpans":7},{"scopeSpans":[{"spans":"x"}]}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":{"toString":1},"status":{"code":{"toString":1}},"attributes":3}]}]}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[null,{"key":"a","value":{"intValue":{"toString":1}}}]}]}]}]}',
      '[]',
      '"text"',
    ]) {
      expect((await post(body, 'application/json')).status, body).toBe(200);
    }
  });
});
