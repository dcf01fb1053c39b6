import { z } from 'zod';
import { text } from '../../common/input';

const color = () => z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'color must be a hex colour like #1f6feb' });
export const TAG_NAME_MAX = 40;
/** At most this many tags on one conversation. */
export const TAGS_PER_CONVERSATION = 20;

export const CreateTagInput = z.strictObject({ name: text(TAG_NAME_MAX), color: color().nullable().optional() });
export type CreateTagInput = z.output<typeof CreateTagInput>;

export const UpdateTagInput = z.strictObject({
  name: text(TAG_NAME_MAX).optional(),
  color: color().nullable().optional(),
});
export type UpdateTagInput = z.output<typeof UpdateTagInput>;

export const SetTagsInput = z.strictObject({
  tags: z.array(text(TAG_NAME_MAX)).max(TAGS_PER_CONVERSATION),
});
export type SetTagsInput = z.output<typeof SetTagsInput>;
