import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { RateLimited } from './domain-error';

/** Throttler names: per client IP, and per target email (so a botnet cannot spray one account). */
export const BY_IP = 'ip';
export const BY_EMAIL = 'email';

/** Answers 429 in the contract's shape with a plain `Retry-After` (seconds). */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    const limit = detail.tracker.startsWith('email:') ? 'auth_email' : 'auth_ip';
    // The error filter sets Retry-After from it.
    throw new RateLimited(retryAfter, 'Too many attempts; try again later', limit);
  }
}

export function emailTracker(req: { body?: { email?: unknown }; ip?: string }): string {
  const email = req.body?.email;
  return typeof email === 'string' ? `email:${email.trim().toLowerCase()}` : `ip:${req.ip}`;
}
