import { z } from 'zod';
import { text } from '../../common/input';

/** `scheme://host[:port]` exactly, as browsers send it in `Origin`. */
export function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 255) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

const allowedOrigins = z
  .array(z.string(), { error: 'allowedOrigins must be a list of origins' })
  .max(50)
  .refine((list) => list.every(isOrigin), {
    error: 'allowedOrigins must hold origins like https://shop.example.com (no path, no trailing slash)',
  });

export const WidgetSettingsInput = z.strictObject({
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'color must be a hex colour like #1f6feb' })
    .optional(),
  greeting: z.string().trim().max(200).optional(),
  position: z.enum(['right', 'left']).optional(),
});

export const CreateWebsiteInput = z.strictObject({
  name: text(100),
  allowedOrigins: allowedOrigins.optional(),
});
export type CreateWebsiteInput = z.output<typeof CreateWebsiteInput>;

export const AssignmentInput = z.strictObject({
  mode: z.enum(['manual', 'round_robin']).optional(),
  maxOpenPerAgent: z.number().int().min(1).max(1000).nullable().optional(),
});

export const UpdateWebsiteInput = z.strictObject({
  name: text(100).optional(),
  allowedOrigins: allowedOrigins.optional(),
  settings: WidgetSettingsInput.optional(),
  assignment: AssignmentInput.optional(),
  replyPolicy: z.enum(['anyone', 'assignee']).optional(),
});
export type UpdateWebsiteInput = z.output<typeof UpdateWebsiteInput>;

export const UpdateMemberInput = z.strictObject({ role: z.enum(['owner', 'admin', 'agent']) });
export type UpdateMemberInput = z.output<typeof UpdateMemberInput>;
