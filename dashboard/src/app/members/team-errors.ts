import { ApiError } from '../core/api/api-error';

/** The server's refusals about members and invites, in words that say what to do instead. */
export function teamErrorText(error: unknown): string {
  const apiError = ApiError.from(error);
  switch (apiError.code) {
    case 'LAST_OWNER':
      return 'A website needs at least one owner. Make someone else an owner first.';
    case 'RATE_LIMITED':
      return 'Too many invites for now. Try again later.';
    default:
      return apiError.message;
  }
}
