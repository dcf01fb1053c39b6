import { Logger as NestLogger } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { createLogger, REDACTED_KEYS } from './logger';
import { NestPinoLogger } from './nest-logger';
import { readableLine } from './readable-lines';

function capture(level: 'info' | 'debug' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: level, logFormat: 'json' }, { write: (line: string) => lines.push(line) });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('censors every redacted key at the top and up to four levels down', () => {
    const { logger, lines } = capture();
    for (const key of REDACTED_KEYS) {
      const secret = `secret-of-${key}`;
      logger.info({ [key]: secret }, 'top');
      logger.info({ req: { headers: { [key]: secret } } }, 'nested');
      logger.info({ a: { b: { c: { d: { [key]: secret } } } } }, 'deep');
    }
    const log = lines.join('');
    for (const key of REDACTED_KEYS) expect(log).not.toContain(`secret-of-${key}`);
    expect(log).toContain('[redacted]');
  });

  it('keeps what is not secret, and adds the request id of the scope it is written in', () => {
    const { logger, entries } = capture();
    RequestContext.run({ requestId: 'req-1' }, () => logger.info({ conversationId: 'c1' }, 'inside'));
    logger.info('outside');
    expect(entries()).toMatchObject([
      { level: 'info', msg: 'inside', conversationId: 'c1', requestId: 'req-1' },
      { level: 'info', msg: 'outside' },
    ]);
    expect(entries()[1]).not.toHaveProperty('requestId');
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture('info');
    logger.debug('hidden');
    expect(lines).toEqual([]);
  });
});

describe('NestPinoLogger', () => {
  it('turns Nest’s logger calls into entries with their context, errors with their stack', () => {
    const { logger, entries } = capture('debug');
    const nest = new NestPinoLogger(logger);
    nest.log('started', 'Boot');
    nest.error({ msg: 'failed', socketId: 's1', err: new Error('boom') }, undefined, 'Realtime');
    nest.warn(new Error('careful'), 'Mail');
    nest.debug('details', 'Db');
    nest.verbose('very', 'Db');
    expect(entries()).toMatchObject([
      { level: 'info', context: 'Boot', msg: 'started' },
      { level: 'error', context: 'Realtime', msg: 'failed', socketId: 's1', err: { message: 'boom' } },
      { level: 'warn', context: 'Mail', msg: 'careful', err: { message: 'careful' } },
      { level: 'debug', context: 'Db', msg: 'details' },
    ]);
    expect(entries()[1]).not.toHaveProperty('details');
  });

  it('receives what `new Logger(context)` writes once it is the app’s logger', () => {
    const { logger, entries } = capture();
    NestLogger.overrideLogger(new NestPinoLogger(logger));
    try {
      new NestLogger('Somewhere').warn('heads up');
    } finally {
      NestLogger.overrideLogger(['error', 'warn']);
    }
    expect(entries()).toMatchObject([{ level: 'warn', context: 'Somewhere', msg: 'heads up' }]);
  });
});

describe('readableLine', () => {
  it('puts one entry on one line: time, level, context, message, fields and request id', () => {
    const line = readableLine(
      JSON.stringify({
        level: 'info',
        time: '2026-01-02T03:04:05.678Z',
        pid: 1,
        context: 'Http',
        msg: 'request',
        status: 200,
        path: '/healthz',
        requestId: 'r1',
      }),
    );
    expect(line).toBe('03:04:05.678 INFO  [Http] request status=200 path=/healthz (req r1)\n');
  });

  it('puts an error’s stack on the lines below, indented', () => {
    const line = readableLine(
      JSON.stringify({
        level: 'error',
        time: '2026-01-02T03:04:05.678Z',
        msg: 'x',
        err: { stack: 'Error: x\n    at y' },
      }),
    );
    expect(line).toBe('03:04:05.678 ERROR x\n  Error: x\n      at y\n');
  });
});
