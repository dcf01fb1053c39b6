import { z } from 'zod';
import { chars, text } from '../../common/input';

const shortcut = () =>
  z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, { error: 'shortcut must be 1–32 letters, digits, _ or -' });
const title = () => chars(100).trim();
/** What is inserted into the composer: kept as written (newlines too), only its ends trimmed. */
const body = () => text(5000);

export const CreateCannedResponseInput = z.strictObject({
  shortcut: shortcut(),
  title: title().optional(),
  body: body(),
});
export type CreateCannedResponseInput = z.output<typeof CreateCannedResponseInput>;

export const UpdateCannedResponseInput = z.strictObject({
  shortcut: shortcut().optional(),
  title: title().nullable().optional(),
  body: body().optional(),
});
export type UpdateCannedResponseInput = z.output<typeof UpdateCannedResponseInput>;

export const CannedResponsesQuery = z.strictObject({ q: chars(100).trim().optional() });
export type CannedResponsesQuery = z.output<typeof CannedResponsesQuery>;
