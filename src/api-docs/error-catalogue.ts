/**
 * Every error code the HTTP API answers with, its status and what it means. Routes list the codes
 * they may answer (`@ApiRoute({errors})`); the API description groups them by status.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, meaning: 'The input is not valid; `details` names each field' },
  MALFORMED_JSON: { status: 400, meaning: 'The body is not valid JSON' },
  UNKNOWN_TAG: { status: 400, meaning: 'A tag name is not in the website’s catalogue' },
  INVALID_TOKEN: { status: 400, meaning: 'The emailed link was used, expired or replaced' },
  UNAUTHORIZED: { status: 401, meaning: 'Missing, bad or expired credentials' },
  INVALID_CREDENTIALS: { status: 401, meaning: 'Email or password is wrong' },
  INVALID_REFRESH_TOKEN: { status: 401, meaning: 'The refresh token is unknown, used or past its lifetime' },
  IDENTITY_UNVERIFIED: { status: 401, meaning: 'userHash does not match userId for this website' },
  LOGIN_REQUIRED: { status: 401, meaning: 'An account with the invited email exists: log in to accept' },
  FORBIDDEN: { status: 403, meaning: 'A valid identity acting outside its rights' },
  ORIGIN_NOT_ALLOWED: { status: 403, meaning: 'The request’s Origin is not in the website’s allowedOrigins' },
  NOT_ASSIGNEE: { status: 403, meaning: 'Only the assignee may reply (replyPolicy `assignee`)' },
  WRONG_ACCOUNT: { status: 403, meaning: 'The invite is for another account' },
  NOT_FOUND: { status: 404, meaning: 'Unknown id, or one of another tenant' },
  EMAIL_TAKEN: { status: 409, meaning: 'An agent with this email exists (compared case-insensitively)' },
  CONVERSATION_CLOSED: { status: 409, meaning: 'The conversation is closed; an agent reopens it to write' },
  ALREADY_ASSIGNED: { status: 409, meaning: 'Another agent holds the conversation' },
  LAST_OWNER: { status: 409, meaning: 'A website keeps at least one owner' },
  ALREADY_MEMBER: { status: 409, meaning: 'The person is a member already' },
  TAG_TAKEN: { status: 409, meaning: 'A tag of this name exists (compared case-insensitively)' },
  SHORTCUT_TAKEN: { status: 409, meaning: 'A canned response has this shortcut (compared case-insensitively)' },
  TOO_MANY: { status: 409, meaning: 'The website has as many of these as it may' },
  CONVERSATION_OPEN: { status: 409, meaning: 'A conversation is rated once it is closed' },
  ALREADY_RATED: { status: 409, meaning: 'The conversation has its rating already' },
  RATINGS_OFF: { status: 409, meaning: 'The website does not ask for ratings (`csatEnabled` false)' },
  BUSY: { status: 503, meaning: 'The server is overloaded; nothing was stored, retry after `Retry-After`' },
  UNAVAILABLE: { status: 503, meaning: 'The database or Redis is briefly unreachable; retry after `Retry-After`' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The body is larger than allowed' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The body is not of a type this route accepts' },
  RATE_LIMITED: { status: 429, meaning: 'Too many requests; `Retry-After` says when to try again' },
  INTERNAL: { status: 500, meaning: 'Something failed on the server (a database outage); never bad input' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;
