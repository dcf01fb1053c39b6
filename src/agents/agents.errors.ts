import { DomainError } from '../common/domain-error';

const statuses = {
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  INVALID_REFRESH_TOKEN: 401,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
} as const;

export type AgentErrorCode = keyof typeof statuses;

const messages: Record<AgentErrorCode, string> = {
  EMAIL_TAKEN: 'An agent with this email already exists',
  INVALID_CREDENTIALS: 'Email or password is wrong',
  INVALID_REFRESH_TOKEN: 'The refresh token is not valid; log in again',
  UNAUTHORIZED: 'A valid access token is required',
  NOT_FOUND: 'The agent does not exist',
};

export class AgentError extends DomainError {
  constructor(code: AgentErrorCode, message = messages[code]) {
    super(code, message, statuses[code]);
  }
}
