import { Injectable } from '@nestjs/common';
import { RateLimited } from '../common/domain-error';
import type { ZendoSocket } from './socket-types';

/** Events a socket may send per second; the excess is acknowledged RATE_LIMITED, not processed. */
export const SOCKET_EVENTS_PER_SECOND = 20;

const LIMITED = new RateLimited(1, `At most ${SOCKET_EVENTS_PER_SECOND} events per second`, 'socket_events');

/** The per-socket event limit: a one-second window of counted units. */
@Injectable()
export class SocketRateLimit {
  count(socket: ZendoSocket, cost: number): void {
    const now = Date.now();
    const rate = socket.data.rate;
    if (now - rate.windowStart >= 1000) {
      rate.windowStart = now;
      rate.count = 0;
    }
    rate.count += cost;
    if (rate.count > SOCKET_EVENTS_PER_SECOND) throw LIMITED;
  }
}
