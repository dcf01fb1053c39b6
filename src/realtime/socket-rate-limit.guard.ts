import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import type { ZendoSocket } from './socket-identity';

/** Events a socket may send per second; the excess is acknowledged RATE_LIMITED, not processed. */
export const SOCKET_EVENTS_PER_SECOND = 20;

/** Counts one event of `socket` against its limit; throws RATE_LIMITED past it. */
export function countEvent(socket: ZendoSocket): void {
  const now = Date.now();
  const rate = socket.data.rate;
  if (now - rate.windowStart >= 1000) {
    rate.windowStart = now;
    rate.count = 0;
  }
  rate.count += 1;
  if (rate.count > SOCKET_EVENTS_PER_SECOND) {
    throw new DomainError('RATE_LIMITED', `At most ${SOCKET_EVENTS_PER_SECOND} events per second`, 429);
  }
}

@Injectable()
export class SocketRateLimitGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    countEvent(context.switchToWs().getClient<ZendoSocket>());
    return true;
  }
}
