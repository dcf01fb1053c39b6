import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { DomainError } from './domain-error';

/** Throttler names: per client IP, and per target email (so a botnet cannot spray one account). */
export const BY_IP = 'ip';
export const BY_EMAIL = 'email';

/** Answers 429 in the contract's shape with a plain `Retry-After` (seconds). */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const response = context.switchToHttp().getResponse();
    response.setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    throw new DomainError('RATE_LIMITED', 'Too many attempts; try again later', 429);
  }
}

export function emailTracker(req: { body?: { email?: unknown }; ip?: string }): string {
  const email = req.body?.email;
  return typeof email === 'string' ? `email:${email.trim().toLowerCase()}` : `ip:${req.ip}`;
}
