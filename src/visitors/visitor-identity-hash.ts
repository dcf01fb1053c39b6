import { createHmac, timingSafeEqual } from 'node:crypto';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** The `userHash` a site's server computes: hex HMAC-SHA256(identitySecret, userId). */
export function userHashOf(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** Whether `userHash` proves `userId` under the website's secret, compared in constant time. */
export function verifyUserHash(secret: string | null, userId: string, userHash: string): boolean {
  if (!secret || !HEX_SHA256.test(userHash)) return false;
  const expected = createHmac('sha256', secret).update(userId, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(userHash, 'hex'));
}
