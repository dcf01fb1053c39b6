import pino, { DestinationStream, Logger } from 'pino';
import { RequestContext } from '../common/request-context';
import type { AppConfig } from '../config/app-config';
import { readableLines } from './readable-lines';

/**
 * Keys whose values never reach a log line, wherever they sit in a logged object: credentials
 * and headers that carry them, and what visitors and agents write (message bodies).
 */
export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-visitor-token',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'refreshToken',
  'accessToken',
  'visitorToken',
  'identitySecret',
  'userHash',
  'body',
];

/** How deep below the top a redacted key is still found (`a.b.c.password`). */
const REDACT_DEPTH = 4;

function redactPaths(): string[] {
  return REDACTED_KEYS.flatMap((key) => {
    const plain = /^[A-Za-z_]\w*$/.test(key);
    return Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) => {
      const above = Array<string>(depth).fill('*');
      if (plain) return [...above, key].join('.');
      return `${above.join('.')}["${key}"]`;
    });
  });
}

/**
 * The application's one logger. Every line carries the request id of the HTTP request (or socket
 * event) it was written for, when there is one; the redacted keys are censored at any depth.
 * JSON lines go to stdout as pino writes them; `pretty` turns each into one readable line.
 */
export function createLogger(
  config: Pick<AppConfig, 'logLevel' | 'logFormat'>,
  destination?: DestinationStream,
): Logger {
  const out = destination ?? (config.logFormat === 'pretty' ? readableLines(process.stdout) : pino.destination(1));
  return pino(
    {
      level: config.logLevel,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths(), censor: '[redacted]' },
      mixin() {
        const scope = RequestContext.current();
        return scope ? { requestId: scope.requestId } : {};
      },
    },
    out,
  );
}
