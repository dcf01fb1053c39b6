import { DomainError } from '../common/domain-error';

const statuses = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  ORIGIN_NOT_ALLOWED: 403,
  LAST_OWNER: 409,
} as const;
export type WebsiteErrorCode = keyof typeof statuses;

const messages: Record<WebsiteErrorCode, string> = {
  NOT_FOUND: 'The website does not exist',
  FORBIDDEN: 'Your role on this website does not allow this',
  UNAUTHORIZED: 'Unknown website key',
  ORIGIN_NOT_ALLOWED: 'This origin is not allowed for this website',
  LAST_OWNER: 'A website keeps at least one owner: make someone else owner first',
};

export class WebsiteError extends DomainError {
  constructor(code: WebsiteErrorCode, message = messages[code]) {
    super(code, message, statuses[code]);
  }
}
