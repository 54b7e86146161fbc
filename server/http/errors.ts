/**
 * Domain errors thrown by services, and the one place that maps them to HTTP.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ErrorIssue {
  path: (string | number)[];
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: ErrorIssue[] };
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
  }
}

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** The request is well-formed but its content is not acceptable (e.g. a value an item does not allow). */
export class UnprocessableError extends DomainError {}

/** Not logged in, or the credentials are wrong (never says which). */
export class UnauthorizedError extends DomainError {
  constructor(message = 'Not logged in') {
    super('unauthorized', message);
  }
}

/** Too many attempts; try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_attempts', message);
  }
}

/** Gone: expired or already used. */
export class GoneError extends DomainError {}

/** Logged in, but not allowed (e.g. a stated reason is needed). */
export class ForbiddenError extends DomainError {}

/** A conflict with stored data, such as a unique e-mail address. */
export class ConflictError extends DomainError {}

/** The request itself is malformed. */
export class BadRequestError extends DomainError {}

export function statusOf(error: DomainError): ContentfulStatusCode {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof UnprocessableError) return 422;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ConflictError) return 409;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof TooManyRequestsError) return 429;
  if (error instanceof GoneError) return 410;
  return 400;
}

export function errorBody(code: string, message: string, issues?: ErrorIssue[]): ErrorBody {
  return { error: { code, message, ...(issues && issues.length > 0 ? { issues } : {}) } };
}

export function respondWithError(c: Context, error: DomainError) {
  if (error instanceof TooManyRequestsError)
    c.header('Retry-After', String(error.retryAfterSeconds));
  return c.json(errorBody(error.code, error.message, error.issues), statusOf(error));
}
