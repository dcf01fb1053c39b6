import { Unavailable } from '../common/domain-error';

/** SQLSTATEs that mean the connection or the server, not the statement, failed. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);
/** Node and pg's own words for a connection that went away or could not be made. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|the database system is (starting up|shutting down)|terminating connection|not currently accepting connections/i;

/**
 * Whether `error` says PostgreSQL could not be reached or dropped the connection (a restart,
 * `pg_terminate_backend`, a full pool): the request may succeed when retried, so it is answered
 * 503 UNAVAILABLE, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || CONNECTION_CODES.has(code)))
    return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

/** The refusal a lost database becomes. */
export function databaseUnavailable(): Unavailable {
  return new Unavailable(1, 'The database is briefly unreachable; try again shortly');
}
