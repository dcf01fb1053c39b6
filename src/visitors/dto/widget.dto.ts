import { z } from 'zod';
import { chars, email, pageUrl, text } from '../../common/input';

export const BootstrapInput = z.strictObject({
  websiteKey: z.string().min(1).max(64),
  visitorToken: z.string().max(200).optional(),
  /** Where the widget runs, so agents see it and emails link back to it. */
  pageUrl: pageUrl().optional(),
  pageTitle: chars(300).trim().optional(),
});
export type BootstrapInput = z.output<typeof BootstrapInput>;

/** `null` clears a field; an absent field is left as it is. */
export const IdentifyInput = z.strictObject({
  name: text(100).nullable().optional(),
  email: email().nullable().optional(),
});
export type IdentifyInput = z.output<typeof IdentifyInput>;
