import { z } from 'zod';
import { chars, email, pageUrl, text } from '../../common/input';

/** A site's own user id, proven by `userHash` = hex HMAC-SHA256(identitySecret, userId). */
const userId = () => chars(200).trim().pipe(z.string().min(1, 'userId must not be empty'));
const userHash = () => z.string().regex(/^[0-9a-fA-F]{64}$/, 'userHash must be 64 hex digits (HMAC-SHA256)');

const bothOrNeither = (value: { userId?: string; userHash?: string }) =>
  (value.userId === undefined) === (value.userHash === undefined);
const bothOrNeitherIssue = { message: 'userId and userHash go together', path: ['userHash'] };

export const BootstrapInput = z
  .strictObject({
    websiteKey: z.string().min(1).max(64),
    visitorToken: z.string().max(200).optional(),
    /** Where the widget runs, so agents see it and emails link back to it. */
    pageUrl: pageUrl().optional(),
    pageTitle: chars(300).trim().optional(),
    userId: userId().optional(),
    userHash: userHash().optional(),
  })
  .refine(bothOrNeither, bothOrNeitherIssue);
export type BootstrapInput = z.output<typeof BootstrapInput>;

/** `null` clears a field; an absent field is left as it is. */
export const IdentifyInput = z
  .strictObject({
    name: text(100).nullable().optional(),
    email: email().nullable().optional(),
    userId: userId().optional(),
    userHash: userHash().optional(),
  })
  .refine(bothOrNeither, bothOrNeitherIssue);
export type IdentifyInput = z.output<typeof IdentifyInput>;
