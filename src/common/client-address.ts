import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * The client's address, the same way for HTTP (Express's `trust proxy`, set from the same value)
 * and socket handshakes: X-Forwarded-For is believed only as far as TRUST_PROXY says.
 */
export function clientAddressOf(trust: number | string | null): (req: IncomingMessage) => string {
  if (trust === null) return (req) => req.socket.remoteAddress ?? 'unknown';
  const trusted =
    typeof trust === 'number' ? (_: string, hop: number) => hop < trust : proxyAddr.compile(trust.split(', '));
  return (req) => proxyAddr(req, trusted);
}
