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
  ) {
    super(message);
  }

  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    if (error instanceof HttpErrorResponse) {
      const body = error.error as Partial<ErrorBody> | null;
      if (body && typeof body === 'object' && body.error?.message) {
        return new ApiError(error.status, body.error.code, body.error.message, body.error.details);
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
