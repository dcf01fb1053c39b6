import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { DomainError, errorBody } from './domain-error';

export interface FailedAck {
  ok: false;
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

const logger = new Logger('WsError');

function describe(exception: unknown): { code: string; message: string; details?: FailedAck['error']['details'] } {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof WsException) return { code: 'BAD_REQUEST', message: String(exception.message) };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return {
      code: status === 403 ? 'FORBIDDEN' : status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST',
      message: exception.message,
    };
  }
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
  return { code: 'INTERNAL', message: 'Something went wrong on our side' };
}

/** The acknowledgement for anything a socket event handler throws; unexpected errors are logged. */
export function failedAck(exception: unknown): FailedAck {
  return { ok: false, ...errorBody(describe(exception)) };
}

/** Turns anything a gateway handler throws into the acknowledgement `{ok: false, error}`; the socket stays up. */
@Catch()
export class WsErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const ack = host.getArgs().find((arg) => typeof arg === 'function') as ((body: FailedAck) => void) | undefined;
    const body = failedAck(exception);
    if (ack) ack(body);
    else host.switchToWs().getClient().emit('error', body);
  }
}
