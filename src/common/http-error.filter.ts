import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { databaseUnavailable, isDatabaseUnavailable } from '../database/db-errors';
import { DomainError, errorBody, RateLimited, retryAfterOf } from './domain-error';

const codeForStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Maps everything thrown during an HTTP request to the contract's error body; never leaks a stack. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(private readonly metrics: MetricsService) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    // A lost or unreachable database is a 503 the client may retry, not a 500.
    if (isDatabaseUnavailable(thrown)) {
      this.logger.warn(`database unavailable: ${(thrown as Error).message}`);
      thrown = databaseUnavailable();
    }
    const exception = thrown;
    const { status, body } = this.describe(exception);
    if (status >= 500 && status !== 503) this.logger.error({ msg: 'request failed', err: exception });
    if (exception instanceof RateLimited) this.metrics.rateLimited.inc({ limit: exception.limit });
    else if (exception instanceof ThrottlerException) this.metrics.rateLimited.inc({ limit: 'auth' });
    if (response.headersSent) return;
    const retryAfter = retryAfterOf(exception);
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    response.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; body: ReturnType<typeof errorBody> } {
    if (exception instanceof DomainError) return { status: exception.status, body: errorBody(exception) };
    if (exception instanceof ThrottlerException) {
      return { status: 429, body: errorBody({ code: 'RATE_LIMITED', message: 'Too many requests, try again later' }) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const message = status === 404 ? 'No such route' : this.messageOf(exception);
      return { status, body: errorBody({ code: codeForStatus[status] ?? 'ERROR', message }) };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: errorBody({ code: 'INTERNAL', message: 'Something went wrong on our side' }),
    };
  }

  private messageOf(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    return typeof message === 'string' ? message : exception.message;
  }
}
