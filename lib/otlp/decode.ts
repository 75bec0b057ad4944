/**
 * OTLP/HTTP trace requests, JSON or protobuf, to one plain span shape. Protobuf is decoded with the
 * OpenTelemetry JS project's own generated definitions (@opentelemetry/otlp-transformer 0.57, the
 * last line that ships them and runs on Node 20).
 */
import { gunzipSync } from 'node:zlib';
import { AppError } from '@/lib/errors';

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AttributeValue>;
  resource: Record<string, AttributeValue>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
}

interface AnyValueLike {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: number | string | { toString(): string } | null;
  doubleValue?: number | null;
  arrayValue?: { values?: AnyValueLike[] | null } | null;
  kvlistValue?: { values?: KeyValueLike[] | null } | null;
  bytesValue?: unknown;
}
interface KeyValueLike {
  key?: string | null;
  value?: AnyValueLike | null;
}

function anyValue(v: AnyValueLike | null | undefined): AttributeValue {
  if (!v) return null;
  if (v.stringValue !== undefined && v.stringValue !== null) return v.stringValue;
  if (v.boolValue !== undefined && v.boolValue !== null) return v.boolValue;
  if (v.intValue !== undefined && v.intValue !== null) return Number(v.intValue.toString());
  if (v.doubleValue !== undefined && v.doubleValue !== null) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(anyValue);
  if (v.kvlistValue) return attributes(v.kvlistValue.values);
  return null;
}

function attributes(list: KeyValueLike[] | null | undefined): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list ?? []) if (kv.key) out[kv.key] = anyValue(kv.value);
  return out;
}

/** Trace and span ids: hex in OTLP/JSON, bytes in protobuf. */
function idOf(value: unknown): string {
  if (!value) return '';
  if (typeof value === 'string') return value.toLowerCase();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return '';
}

function nanos(value: unknown): bigint {
  if (value === undefined || value === null || value === '') return 0n;
  try {
    return BigInt(typeof value === 'object' ? (value as { toString(): string }).toString() : (value as string | number));
  } catch {
    return 0n;
  }
}

interface RequestLike {
  resourceSpans?:
    | {
        resource?: { attributes?: KeyValueLike[] | null } | null;
        scopeSpans?: { spans?: Record<string, unknown>[] | null }[] | null;
      }[]
    | null;
}

function flatten(request: RequestLike): OtlpSpan[] {
  const spans: OtlpSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: idOf(s.traceId),
          spanId: idOf(s.spanId),
          parentSpanId: idOf(s.parentSpanId),
          name: String(s.name ?? ''),
          startTimeUnixNano: nanos(s.startTimeUnixNano),
          endTimeUnixNano: nanos(s.endTimeUnixNano),
          attributes: attributes(s.attributes as KeyValueLike[]),
          resource,
          statusCode: Number(
            (s.status as { code?: number | string } | undefined)?.code === 'STATUS_CODE_ERROR'
              ? 2
              : ((s.status as { code?: number })?.code ?? 0),
          ),
        });
      }
    }
  }
  return spans;
}

type ProtoRoot = {
  opentelemetry: {
    proto: {
      collector: {
        trace: {
          v1: {
            ExportTraceServiceRequest: { decode(buf: Uint8Array): RequestLike };
            ExportTraceServiceResponse: { encode(msg: unknown): { finish(): Uint8Array } };
          };
        };
      };
    };
  };
};
let root: ProtoRoot | undefined;
async function protoRoot(): Promise<ProtoRoot> {
  // @ts-expect-error: generated CommonJS module without type declarations in the package's export map
  root ??= (await import('@opentelemetry/otlp-transformer/build/src/generated/root.js')).default as ProtoRoot;
  return root;
}

export type OtlpEncoding = 'json' | 'protobuf';

export function encodingOf(contentType: string | null): OtlpEncoding {
  if (/protobuf/i.test(contentType ?? '')) return 'protobuf';
  if (/json/i.test(contentType ?? '')) return 'json';
  throw new AppError('bad_request:api', 'Send OTLP as application/json or application/x-protobuf.');
}

export function maybeGunzip(body: Buffer, contentEncoding: string | null, maxBytes: number): Buffer {
  if (!/gzip/i.test(contentEncoding ?? '')) return body;
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch {
    throw new AppError('bad_request:api', 'The gzip body could not be decompressed (or is larger than the limit).');
  }
}

export async function decodeTraces(body: Buffer, encoding: OtlpEncoding): Promise<OtlpSpan[]> {
  if (encoding === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new AppError('bad_request:json', 'The OTLP body is not valid JSON.');
    }
    return flatten((parsed ?? {}) as RequestLike);
  }
  try {
    return flatten((await protoRoot()).opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.decode(body));
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('bad_request:api', 'The OTLP protobuf body could not be decoded as ExportTraceServiceRequest.');
  }
}

/** ExportTraceServiceResponse in the request's encoding (partial success when spans were refused). */
export async function encodeResponse(
  encoding: OtlpEncoding,
  rejectedSpans: number,
  errorMessage: string,
): Promise<{ body: Uint8Array | string; contentType: string }> {
  const message = rejectedSpans > 0 ? { partialSuccess: { rejectedSpans, errorMessage } } : {};
  if (encoding === 'json') return { body: JSON.stringify(message), contentType: 'application/json' };
  const encoded = (await protoRoot()).opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.encode(message).finish();
  return { body: encoded, contentType: 'application/x-protobuf' };
}
