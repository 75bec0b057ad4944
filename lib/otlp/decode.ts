/**
 * OTLP/HTTP trace requests, JSON or protobuf, to one plain span shape. Protobuf is decoded with the
 * OpenTelemetry JS project's own generated definitions (@opentelemetry/otlp-transformer 0.57, the
 * last line that ships them and runs on Node 20).
 */
import { gunzipSync } from 'node:zlib';
import { AppError } from '@/lib/errors';
import { protobufValuesDeeperThan } from './protobuf-depth';

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

/** Attribute values nest at most this many AnyValues deep (arrayValue / kvlistValue); deeper requests are refused. */
export const MAX_VALUE_DEPTH = 32;

const tooDeep = () =>
  new AppError(
    'bad_request:api',
    `OTLP attribute values nest deeper than ${MAX_VALUE_DEPTH} levels (arrayValue or kvlistValue); nothing from this request was stored.`,
  );

/** A JSON body may hold anything where a list belongs: read it as a list only when it is one. */
const list = <T>(value: T[] | null | undefined): T[] => (Array.isArray(value) ? value : []);

/** int64: a string or number in JSON, a Long in protobuf; anything else is no number. */
function intOf(value: unknown): number {
  if (typeof value === 'string' || typeof value === 'number') return Number(value);
  const text = typeof value === 'object' && typeof (value as { toString?: unknown }).toString === 'function' ? String(value) : '';
  return Number(text || Number.NaN);
}

function anyValue(v: AnyValueLike | null | undefined, depth: number): AttributeValue {
  if (depth > MAX_VALUE_DEPTH) throw tooDeep();
  if (!v || typeof v !== 'object') return null;
  if (v.stringValue !== undefined && v.stringValue !== null) return v.stringValue;
  if (v.boolValue !== undefined && v.boolValue !== null) return v.boolValue;
  if (v.intValue !== undefined && v.intValue !== null) return intOf(v.intValue);
  if (v.doubleValue !== undefined && v.doubleValue !== null) return v.doubleValue;
  if (v.arrayValue) return list(v.arrayValue.values).map((item) => anyValue(item, depth + 1));
  if (v.kvlistValue) return attributes(v.kvlistValue.values, depth + 1);
  return null;
}

function attributes(values: KeyValueLike[] | null | undefined, depth = 1): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list(values)) if (kv && typeof kv.key === 'string' && kv.key) out[kv.key] = anyValue(kv.value, depth);
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
        scopeSpans?: { scope?: unknown; spans?: Record<string, unknown>[] | null }[] | null;
      }[]
    | null;
}

/** OTLP status code: ERROR is 2 (protobuf) or "STATUS_CODE_ERROR" (JSON); only errors matter here. */
function statusCodeOf(status: unknown): number {
  const code = typeof status === 'object' && status !== null ? (status as { code?: unknown }).code : undefined;
  return code === 2 || code === 'STATUS_CODE_ERROR' ? 2 : code === 1 || code === 'STATUS_CODE_OK' ? 1 : 0;
}

/** Attribute lists this mapping does not read, checked for their depth only (protobuf is checked on the wire). */
function checkUnreadAttributes(scope: unknown, span: Record<string, unknown>): void {
  attributes((scope as { attributes?: KeyValueLike[] } | null | undefined)?.attributes);
  for (const item of [...list(span.events as unknown[]), ...list(span.links as unknown[])]) {
    attributes((item as { attributes?: KeyValueLike[] } | null)?.attributes);
  }
}

function flatten(request: RequestLike, encoding: OtlpEncoding): OtlpSpan[] {
  const spans: OtlpSpan[] = [];
  for (const rs of list(request.resourceSpans)) {
    if (!rs) continue;
    const resource = attributes(rs.resource?.attributes);
    for (const ss of list(rs.scopeSpans)) {
      for (const s of list(ss?.spans)) {
        if (!s || typeof s !== 'object') continue;
        if (encoding === 'json') checkUnreadAttributes(ss?.scope, s);
        spans.push({
          traceId: idOf(s.traceId),
          spanId: idOf(s.spanId),
          parentSpanId: idOf(s.parentSpanId),
          name: typeof s.name === 'string' ? s.name : '',
          startTimeUnixNano: nanos(s.startTimeUnixNano),
          endTimeUnixNano: nanos(s.endTimeUnixNano),
          attributes: attributes(s.attributes as KeyValueLike[]),
          resource,
          statusCode: statusCodeOf(s.status),
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
    return flatten((parsed !== null && typeof parsed === 'object' ? parsed : {}) as RequestLike, 'json');
  }
  if (protobufValuesDeeperThan(body, MAX_VALUE_DEPTH)) throw tooDeep();
  try {
    return flatten((await protoRoot()).opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.decode(body), 'protobuf');
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
