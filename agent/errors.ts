/**
 * One coded error type for Parley. Codes are `surface:kind`. What a user may read is decided
 * here, in `toUserError`; internal messages and stacks go to the log only.
 */
export const ERROR_MESSAGES = {
  'model:auth': 'The language model rejected Parley\'s API key. Check GROQ_API_KEY (or unset it to use the offline planner) and restart Parley.',
  'model:rate_limited': 'The language model is busy (rate limited) and did not answer after several tries. Please try again in a minute.',
  'model:unavailable': 'The language model could not be reached. Check GROQ_BASE_URL and your network, or unset GROQ_API_KEY to use the offline planner.',
  'model:bad_request': 'The language model refused the request. Try rephrasing, or start a new conversation.',
  'model:failed': 'The language model failed to answer. Please try again.',
  'run:busy': 'Parley is still answering in this conversation. Wait for it to finish or press Stop.',
  'run:interrupted': 'This answer was interrupted because Parley restarted. Please ask again.',
  'run:shutdown': 'Parley is shutting down; this answer was stopped. Please ask again in a moment.',
  'input:invalid': 'The request was not valid.',
  'not_found': 'Not found.',
  'internal': 'Something went wrong inside Parley. The details are in the server log.',
} as const;
export type ErrorCode = keyof typeof ERROR_MESSAGES | `${string}:${string}`;

export class ParleyError extends Error {
  readonly code: ErrorCode;
  /** A message safe to show a user; defaults to the catalogue text for the code. */
  readonly userMessage: string;
  readonly status: number;
  /** Facts a client acts on, sent beside code and message (e.g. `retryAfterSeconds`). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, opts: { userMessage?: string; message?: string; status?: number; cause?: unknown; details?: Record<string, unknown> } = {}) {
    const user = opts.userMessage ?? (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.internal;
    super(opts.message ?? user, { cause: opts.cause });
    this.name = 'ParleyError';
    this.code = code;
    this.userMessage = user;
    this.status = opts.status ?? 500;
    if (opts.details) this.details = opts.details;
  }
}

export function isParleyError(e: unknown): e is ParleyError {
  return e instanceof ParleyError;
}

/** The only place that turns any thrown value into what a person may see. */
export function toUserError(e: unknown): { code: string; message: string } & Record<string, unknown> {
  if (isParleyError(e)) return { ...e.details, code: e.code, message: e.userMessage };
  return { code: 'internal', message: ERROR_MESSAGES.internal };
}
