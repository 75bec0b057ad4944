/**
 * The one error module. Every refusal has a stable code `type:surface` mapped to one HTTP status;
 * tests assert codes, never wording. Route handlers and server actions turn any thrown AppError into
 * the same body shape; anything else becomes `internal:api` with no stack trace in the answer.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorType = keyof typeof ERROR_STATUS;
export type ErrorSurface =
  | 'api'
  | 'json'
  | 'events'
  | 'model'
  | 'job'
  | 'auth'
  | 'setup'
  | 'user'
  | 'project'
  | 'api_key'
  | 'access_token'
  | 'csrf'
  | 'database'
  | 'configuration'
  | 'settings'
  | 'budget'
  | 'channel'
  | 'alert'
  | 'simulation'
  | 'savings'
  | 'routing'
  | 'routing_draft';
export type ErrorCode = `${ErrorType}:${ErrorSurface}`;

export type FieldErrors = Record<string, string[]>;

/** A problem inside a submitted document: a stable code and a JSON pointer (e.g. routing documents). */
export interface ErrorIssue {
  code: string;
  path: string;
  message: string;
  severity?: 'error' | 'warning';
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
  issues?: readonly ErrorIssue[];
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  readonly retryAfterSeconds?: number;
  readonly issues?: readonly ErrorIssue[];
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { fields?: FieldErrors; retryAfterSeconds?: number; issues?: readonly ErrorIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = opts.fields;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.issues = opts.issues;
    this.details = opts.details;
  }

  get status(): number {
    return statusOf(this.code);
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code.split(':')[0] as ErrorType];
}

/** Known errors pass through; anything else is logged once and hidden behind a generic code. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  console.error('[switchyard] unexpected error', err);
  return new AppError('internal:api', 'Something went wrong on our side. The request was not applied.');
}

export function errorResponse(err: unknown): Response {
  const e = toAppError(err);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (e.retryAfterSeconds !== undefined) headers['retry-after'] = String(e.retryAfterSeconds);
  return new Response(JSON.stringify({ error: e.toBody() }), { status: e.status, headers });
}

/** Turns zod issues into `{ field: [messages] }` for forms and API bodies. */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * Why one event of a batch was refused (the batch answers 200 and stores the others). Stable codes;
 * clients branch on them.
 */
export const EVENT_REJECTIONS = {
  invalid_json: 'This line is not valid JSON.',
  invalid_event: 'A field is missing or has the wrong type.',
  tokens_out_of_range: 'Token counts must be whole numbers from 0 to 100,000,000.',
  cache_exceeds_input: 'Cache read and write tokens together exceed the input tokens (input counts the whole prompt, cache included).',
  reasoning_exceeds_output: 'Reasoning tokens exceed the output tokens (output counts reasoning).',
  timestamp_in_future: 'The timestamp is more than 5 minutes in the future.',
  timestamp_too_old: 'The timestamp is older than the late-arrival window; send it through a backfill import instead.',
} as const;
export type EventRejectionCode = keyof typeof EVENT_REJECTIONS;

export interface EventRejection {
  index: number;
  code: EventRejectionCode;
  message: string;
}
