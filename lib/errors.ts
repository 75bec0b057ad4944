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
  | 'auth'
  | 'setup'
  | 'user'
  | 'project'
  | 'api_key'
  | 'database'
  | 'settings';
export type ErrorCode = `${ErrorType}:${ErrorSurface}`;

export type FieldErrors = Record<string, string[]>;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, opts: { fields?: FieldErrors; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = opts.fields;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  get status(): number {
    return statusOf(this.code);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
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
