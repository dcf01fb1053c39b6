/** Codes shared by every module; modules add their own next to their error class. */
export const CommonErrorStatus = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BUSY: 503,
  UNAVAILABLE: 503,
} as const;

export interface ErrorDetail {
  field: string;
  message: string;
}

/**
 * What services throw: a code from the contract, a human message, and the HTTP status the
 * filters use. Services never throw HTTP exceptions; the HTTP and WS filters map these.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  constructor(details: ErrorDetail[], message = details[0]?.message ?? 'The request is not valid') {
    super('VALIDATION_FAILED', message, 400, details);
  }
}

/**
 * A limit was reached; the HTTP filter adds `Retry-After`, a socket ack carries `retryAfter`.
 * `limit` names which one, for the metrics (`zendo_rate_limit_refusals_total{limit}`).
 */
export class RateLimited extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests; try again later',
    readonly limit = 'other',
  ) {
    super('RATE_LIMITED', message, 429);
  }
}

/**
 * Overload: the append could not be stored in time (the queue is full, or it waited too long), so
 * nothing of it was stored; the client sends it again, same clientMessageId, after `Retry-After`.
 */
export class Busy extends DomainError {
  constructor(
    readonly retryAfterSeconds = 1,
    message = 'The server is busy; nothing was stored, try again shortly',
  ) {
    super('BUSY', message, 503);
  }
}

/** A dependency (the database) is unreachable for now; retrying after `Retry-After` is safe. */
export class Unavailable extends DomainError {
  constructor(
    readonly retryAfterSeconds = 1,
    message = 'The service is briefly unavailable; try again shortly',
  ) {
    super('UNAVAILABLE', message, 503);
  }
}

/** Seconds a refusal asks the client to wait (RATE_LIMITED, BUSY, UNAVAILABLE); undefined for others. */
export function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof RateLimited || error instanceof Busy || error instanceof Unavailable) {
    return error.retryAfterSeconds;
  }
  return undefined;
}

export class NotFound extends DomainError {
  constructor(what = 'resource') {
    super('NOT_FOUND', `The ${what} does not exist`, 404);
  }
}

/** The body every error response and every failed acknowledgement carries. */
export function errorBody(error: { code: string; message: string; details?: ErrorDetail[] }) {
  return {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
  };
}
