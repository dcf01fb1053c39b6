import { DomainError } from '../common/domain-error';

const statuses = { NOT_FOUND: 404, ALREADY_MEMBER: 409, VALIDATION_FAILED: 400 } as const;
export type InviteErrorCode = keyof typeof statuses;

const messages: Record<InviteErrorCode, string> = {
  NOT_FOUND: 'The invite does not exist, was used, or has expired',
  ALREADY_MEMBER: 'This person is already a member of the website',
  VALIDATION_FAILED: 'name and password are needed to create your account',
};

export class InviteError extends DomainError {
  constructor(code: InviteErrorCode, message = messages[code]) {
    super(code, message, statuses[code]);
  }
}
