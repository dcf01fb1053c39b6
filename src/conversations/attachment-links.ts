import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StoredAttachment } from './conversation.types';

/**
 * Signed, expiring download links for attachments. A link names the conversation and the file and
 * carries an expiry and an HMAC of both, so whoever was given the message (an agent of its website,
 * or its visitor) can fetch the file from an `<img>` or a download, where no token header can go.
 *
 * Links are made wherever a message is shaped (`toMessage`), which is plain code without the app's
 * configuration; the key and the public URL are therefore set once when the app starts
 * (`configureAttachmentLinks`), from the instance's JWT secret, which every instance shares.
 * Expiry is aligned to the hour so a message's link is the same all hour long (cacheable).
 */
const HOUR_MS = 3600_000;
export const LINK_LIFETIME_MS = 24 * HOUR_MS;

let key: Buffer | null = null;
let base = '';

export function configureAttachmentLinks(secret: string, publicUrl: string): void {
  key = createHmac('sha256', secret).update('zendo attachment links').digest();
  base = publicUrl.replace(/\/+$/, '');
}

function signature(conversationId: string, attachmentId: string, expires: number): string {
  if (!key) throw new Error('attachment links are not configured');
  return createHmac('sha256', key).update(`${conversationId}/${attachmentId}/${expires}`).digest('base64url');
}

export function attachmentLink(
  conversationId: string,
  attachment: Pick<StoredAttachment, 'id'>,
  now = Date.now(),
): string {
  const expires = Math.floor((Math.ceil(now / HOUR_MS) * HOUR_MS + LINK_LIFETIME_MS) / 1000);
  const sig = signature(conversationId, attachment.id, expires);
  return `${base}/api/v1/attachments/${conversationId}/${attachment.id}?expires=${expires}&signature=${sig}`;
}

export type LinkCheck = 'ok' | 'expired' | 'forged';

export function checkAttachmentLink(
  conversationId: string,
  attachmentId: string,
  expires: number,
  given: string,
  now = Date.now(),
): LinkCheck {
  const expected = Buffer.from(signature(conversationId, attachmentId, expires));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'forged';
  return expires * 1000 < now ? 'expired' : 'ok';
}
