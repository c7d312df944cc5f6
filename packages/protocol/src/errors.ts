/** Stable error codes. Code is what programs branch on; message is what people read. */
export const ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'not_found',
  'validation',
  'conflict',
  'rate_limited',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one input field, named by its path (`body`, `poll.options.2`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Extra, machine-readable context for an error. */
export interface ErrorDetails {
  /** For `validation`: every field that failed, in input order. */
  issues?: FieldIssue[];
  /** For `rate_limited`: how long to wait before retrying, in milliseconds. */
  retryAfterMs?: number;
  [key: string]: unknown;
}

/**
 * The one error type every layer throws and every layer understands.
 *
 * @example
 * try { await client.createComment({ threadKey, body }) }
 * catch (e) { if (HearthError.is(e, 'validation')) showFieldError(e.field, e.message) }
 */
export class HearthError extends Error {
  override readonly name = 'HearthError';
  /** What went wrong, as a stable code. */
  readonly code: ErrorCode;
  /** Machine-readable extras (field issues, retry hints). */
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** The first failing field's path, for `validation` errors. */
  get field(): string | undefined {
    return this.details.issues?.[0]?.path;
  }

  /** True when `value` is a HearthError, optionally of the given code. Works across bundles. */
  static is(value: unknown, code?: ErrorCode): value is HearthError {
    if (!(value instanceof Error) || value.name !== 'HearthError') return false;
    return code === undefined || (value as HearthError).code === code;
  }

  /** A validation error naming one field. */
  static validation(path: string, message: string): HearthError {
    return new HearthError('validation', message, { issues: [{ path, message }] });
  }

  /** Plain JSON for transport; `fromJSON` reverses it. */
  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds an error from its JSON form; unknown codes become `internal`. */
  static fromJSON(json: { code?: unknown; message?: unknown; details?: unknown }): HearthError {
    const code = (ERROR_CODES as readonly unknown[]).includes(json.code) ? (json.code as ErrorCode) : 'internal';
    const message = typeof json.message === 'string' ? json.message : 'Something went wrong.';
    const details = json.details && typeof json.details === 'object' ? (json.details as ErrorDetails) : {};
    return new HearthError(code, message, details);
  }
}
