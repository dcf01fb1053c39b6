import { DomainError } from '../common/domain-error';

const statuses = {
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  IDENTITY_UNVERIFIED: 401,
} as const;
export type VisitorErrorCode = keyof typeof statuses;

const messages: Record<VisitorErrorCode, string> = {
  NOT_FOUND: 'The visitor does not exist',
  UNAUTHORIZED: 'Unknown visitor token',
  IDENTITY_UNVERIFIED: 'userHash does not match userId for this website',
};

export class VisitorError extends DomainError {
  constructor(code: VisitorErrorCode, message = messages[code]) {
    super(code, message, statuses[code]);
  }
}
