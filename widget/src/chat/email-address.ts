/** Longest address the API (and SMTP) accepts. */
export const MAX_EMAIL = 254;

/**
 * A plausible email address: something@domain.tld, no spaces, within 254
 * characters. The server has the last word; this catches typos before a
 * round trip, with a message the visitor can act on.
 */
export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value);
}
