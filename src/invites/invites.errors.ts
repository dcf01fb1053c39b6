import { DomainError } from '../common/domain-error';

const statuses = {
  NOT_FOUND: 404,
  ALREADY_MEMBER: 409,
  VALIDATION_FAILED: 400,
  FORBIDDEN: 403,
  LOGIN_REQUIRED: 401,
  WRONG_ACCOUNT: 403,
} as const;
export type InviteErrorCode = keyof typeof statuses;

const messages: Record<InviteErrorCode, string> = {
  NOT_FOUND: 'The invite does not exist, was used, revoked, or has expired',
  ALREADY_MEMBER: 'This person is already a member of the website',
  VALIDATION_FAILED: 'name and password are needed to create your account',
  FORBIDDEN: 'Only an owner may invite an owner',
  LOGIN_REQUIRED: 'An account with this email exists: log in to accept the invite',
  WRONG_ACCOUNT: 'This invite is for another account',
};

export class InviteError extends DomainError {
  constructor(code: InviteErrorCode, message = messages[code]) {
    super(code, message, statuses[code]);
  }
}
