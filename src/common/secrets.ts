import { createHash, randomBytes } from 'node:crypto';

/** Opaque tokens (refresh, visitor, invite): 256 random bits, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of an opaque token: its SHA-256, never the token. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
