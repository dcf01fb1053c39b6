import { HttpErrorResponse } from '@angular/common/http';
import { ErrorBody } from './api.models';

export const API = '/api/v1';

/** The contract's error body, or a stand-in when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string }[] = [],
    /** Seconds to wait before trying again, from a 429's `Retry-After`. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }

  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    if (error instanceof HttpErrorResponse) {
      const body = error.error as Partial<ErrorBody> | null;
      if (body && typeof body === 'object' && body.error?.message) {
        return new ApiError(
          error.status,
          body.error.code,
          body.error.message,
          body.error.details,
          retryAfterOf(error),
        );
      }
      if (error.status === 0) {
        return new ApiError(
          0,
          'NETWORK',
          'The server could not be reached. Check your connection.',
        );
      }
      return new ApiError(
        error.status,
        'HTTP_' + error.status,
        error.statusText || 'Request failed',
      );
    }
    return new ApiError(
      0,
      'UNKNOWN',
      error instanceof Error ? error.message : 'Something went wrong',
    );
  }
}

function retryAfterOf(error: HttpErrorResponse): number | null {
  const seconds = Number(error.headers?.get('Retry-After') ?? NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** "in 5 minutes", "in 40 seconds": how long a rate limit asks to wait, in words. */
export function waitText(seconds: number): string {
  if (seconds >= 3600) {
    const hours = Math.ceil(seconds / 3600);
    return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  }
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const whole = Math.max(1, Math.ceil(seconds));
  return `in ${whole} second${whole === 1 ? '' : 's'}`;
}
