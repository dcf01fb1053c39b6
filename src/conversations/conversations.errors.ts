import { DomainError } from '../common/domain-error';

const statuses = {
  NOT_FOUND: 404,
  CONVERSATION_CLOSED: 409,
  FORBIDDEN: 403,
  VALIDATION_FAILED: 400,
  ALREADY_ASSIGNED: 409,
  TAG_TAKEN: 409,
  UNKNOWN_TAG: 400,
  TOO_MANY: 409,
  NOT_ASSIGNEE: 403,
  /** Internal: under the assignee reply policy, the conversation must be claimed before the message. */
  UNCLAIMED: 409,
  CONVERSATION_OPEN: 409,
  ALREADY_RATED: 409,
  RATINGS_OFF: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
} as const;

export type ConversationErrorCode = keyof typeof statuses;

const messages: Record<ConversationErrorCode, string> = {
  NOT_FOUND: 'The conversation does not exist',
  CONVERSATION_CLOSED: 'The conversation is closed; reopen it to write',
  FORBIDDEN: 'You may not do this in this conversation',
  VALIDATION_FAILED: 'The request is not valid',
  ALREADY_ASSIGNED: 'Another agent holds this conversation',
  TAG_TAKEN: 'A tag of this name exists already (names are compared regardless of case)',
  UNKNOWN_TAG: 'This tag is not in the website’s catalogue: create it first',
  TOO_MANY: 'The website has as many of these as it may',
  NOT_ASSIGNEE: 'Only the agent this conversation is assigned to may reply',
  UNCLAIMED: 'The conversation must be claimed before replying',
  CONVERSATION_OPEN: 'A conversation is rated once it is closed',
  ALREADY_RATED: 'This conversation has been rated already',
  RATINGS_OFF: 'This website does not ask for ratings',
  PAYLOAD_TOO_LARGE: 'The file is larger than allowed',
  UNSUPPORTED_MEDIA_TYPE: 'Only images (PNG, JPEG, GIF, WebP), PDF and plain text can be attached',
};

export class ConversationError extends DomainError {
  constructor(code: ConversationErrorCode, message = messages[code]) {
    super(code, message, statuses[code]);
  }
}
