import { DomainError } from '../common/domain-error';

const statuses = {
  NOT_FOUND: 404,
  CONVERSATION_CLOSED: 409,
  FORBIDDEN: 403,
  VALIDATION_FAILED: 400,
} as const;

export type ConversationErrorCode = keyof typeof statuses;

const messages: Record<ConversationErrorCode, string> = {
  NOT_FOUND: 'The conversation does not exist',
  CONVERSATION_CLOSED: 'The conversation is closed; reopen it to write',
  FORBIDDEN: 'You may not do this in this conversation',
  VALIDATION_FAILED: 'The request is not valid',
};

export class ConversationError extends DomainError {
  constructor(code: ConversationErrorCode, message = messages[code]) {
    super(code, message, statuses[code]);
  }
}
