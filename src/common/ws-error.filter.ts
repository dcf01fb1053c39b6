import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { DomainError, errorBody } from './domain-error';

export interface FailedAck {
  ok: false;
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

/** Turns anything a gateway handler throws into the acknowledgement `{ok: false, error}`; the socket stays up. */
@Catch()
export class WsErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('WsError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ack = host.getArgs().find((arg) => typeof arg === 'function') as ((body: FailedAck) => void) | undefined;
    const body: FailedAck = { ok: false, ...errorBody(this.describe(exception)) };
    if (ack) ack(body);
    else host.switchToWs().getClient().emit('error', body);
  }

  private describe(exception: unknown): { code: string; message: string; details?: FailedAck['error']['details'] } {
    if (exception instanceof DomainError) return exception;
    if (exception instanceof WsException) return { code: 'BAD_REQUEST', message: String(exception.message) };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return {
        code: status === 403 ? 'FORBIDDEN' : status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST',
        message: exception.message,
      };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
    return { code: 'INTERNAL', message: 'Something went wrong on our side' };
  }
}
