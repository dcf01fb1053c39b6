import { DomainError } from '../common/domain-error';

const statuses = { NOT_FOUND: 404, SHORTCUT_TAKEN: 409, TOO_MANY: 409 } as const;
export type CannedResponseErrorCode = keyof typeof statuses;

const messages: Record<CannedResponseErrorCode, string> = {
  NOT_FOUND: 'The canned response does not exist',
  SHORTCUT_TAKEN: 'Another canned response has this shortcut (shortcuts are compared regardless of case)',
  TOO_MANY: 'The website has as many canned responses as it may',
};

export class CannedResponseError extends DomainError {
  constructor(code: CannedResponseErrorCode, message = messages[code]) {
    super(code, message, statuses[code]);
  }
}
