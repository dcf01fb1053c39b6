import type { LoggerService, LogLevel as NestLevel } from '@nestjs/common';
import type { Logger, Level } from 'pino';

const LEVEL_OF: Record<NestLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Nest's Logger, written through pino: `new Logger('Realtime').warn(…)` anywhere in the app, and
 * Nest's own lines, become entries with `context`. Nest passes the context last, and for errors a
 * stack before it. An object with a `msg` is logged with its other keys as fields.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(nestLevel: NestLevel, message: unknown, params: unknown[]): void {
    const level = LEVEL_OF[nestLevel];
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes an absent stack as undefined.
    const rest = params.filter((p) => p !== undefined);
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
      return;
    }
    // Nest's error(message, stack, context): the stack of an error it caught.
    if (nestLevel === 'error' && typeof rest[0] === 'string' && rest[0].includes('\n    at ')) {
      fields.stack = rest.shift();
    }
    if (rest.length) fields.details = rest;
    if (typeof message === 'string') this.pino[level](fields, message);
    else if (message && typeof message === 'object' && typeof (message as { msg?: unknown }).msg === 'string') {
      // Structured: `logger.error({ msg, socketId, err })` keeps its fields as fields.
      const { msg, ...own } = message as { msg: string };
      this.pino[level]({ ...fields, ...own }, msg);
    } else this.pino[level]({ ...fields, data: message }, '');
  }
}
