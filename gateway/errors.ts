/**
 * Errors in the shape of the API the client called, so its SDK raises its usual error type: OpenAI
 * `{ error: { message, type, code, param } }`, Anthropic `{ type: 'error', error: { type, message } }`. The gateway's
 * own refusals carry a stable `code` (OpenAI shape) and the same word as the Anthropic `type` suffix in `switchyard`.
 */
import type { ApiKind } from './config';
import { redact } from './log';

export type GatewayErrorCode =
  | 'unauthorized'
  | 'bad_request'
  | 'payload_too_large'
  | 'not_found'
  | 'budget_exceeded'
  | 'no_route'
  | 'no_routing_document'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'upstream_credentials';

const ANTHROPIC_TYPE: Record<GatewayErrorCode, string> = {
  unauthorized: 'authentication_error',
  bad_request: 'invalid_request_error',
  payload_too_large: 'request_too_large',
  not_found: 'not_found_error',
  budget_exceeded: 'rate_limit_error',
  no_route: 'invalid_request_error',
  no_routing_document: 'api_error',
  upstream_unreachable: 'api_error',
  upstream_timeout: 'api_error',
  upstream_credentials: 'api_error',
};
const OPENAI_TYPE: Record<GatewayErrorCode, string> = {
  unauthorized: 'invalid_request_error',
  bad_request: 'invalid_request_error',
  payload_too_large: 'invalid_request_error',
  not_found: 'invalid_request_error',
  budget_exceeded: 'budget_exceeded',
  no_route: 'invalid_request_error',
  no_routing_document: 'server_error',
  upstream_unreachable: 'server_error',
  upstream_timeout: 'server_error',
  upstream_credentials: 'server_error',
};

export function errorBody(api: ApiKind, code: GatewayErrorCode, message: string, extra?: Record<string, unknown>): string {
  if (api === 'messages') {
    return JSON.stringify({ type: 'error', error: { type: ANTHROPIC_TYPE[code], message, ...extra }, switchyard: { code } });
  }
  return JSON.stringify({ error: { message, type: OPENAI_TYPE[code], code, param: null, ...extra } });
}

/**
 * A provider's error body for the client: passed on when it is already in the API's shape, else wrapped in it
 * (an HTML page from a load balancer, or an OpenAI-shaped error on the Messages API). Secrets are replaced either way.
 */
export function providerErrorBody(api: ApiKind, status: number, raw: string, secrets: readonly string[]): string {
  const text = redact(raw, secrets);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const obj = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  const inner = obj && typeof obj.error === 'object' && obj.error !== null ? (obj.error as Record<string, unknown>) : null;
  if (api === 'messages' && obj?.type === 'error' && inner) return text;
  if (api === 'chat' && inner && typeof inner.message === 'string') return text;
  const message = typeof inner?.message === 'string' ? inner.message : text.slice(0, 500) || `upstream answered ${status}`;
  if (api === 'messages') {
    const type =
      status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
    return JSON.stringify({ type: 'error', error: { type, message } });
  }
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return JSON.stringify({ error: { message, type, code: null, param: null } });
}
