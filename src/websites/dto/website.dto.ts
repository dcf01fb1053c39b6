import { z } from 'zod';
import { chars, queryInt, text, UUID_PATTERN } from '../../common/input';
import { isTimeZone, WEEKDAYS } from '../business-hours';
import { WEBSITE_LOCALES } from '../website.types';

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
  greeting: chars(200).trim().optional(),
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

const clock = () =>
  z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: 'times are HH:MM, from 00:00 to 24:00' });
const opening = z
  .tuple([clock(), clock()])
  .refine(([start, end]) => start < end, { error: 'a range ends after it starts, like ["09:00", "17:30"]' });

export const BusinessHoursInput = z
  .strictObject({
    timezone: z.string().max(64).refine(isTimeZone, { error: 'timezone must be an IANA time zone like Europe/Berlin' }),
    days: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(opening).max(4).optional()]))),
  })
  .nullable();

export const UpdateWebsiteInput = z.strictObject({
  name: text(100).optional(),
  allowedOrigins: allowedOrigins.optional(),
  settings: WidgetSettingsInput.optional(),
  assignment: AssignmentInput.optional(),
  replyPolicy: z.enum(['anyone', 'assignee']).optional(),
  businessHours: BusinessHoursInput.optional(),
  offlineGreeting: chars(500).trim().nullable().optional(),
  retentionDays: z.number().int().min(1).max(3650).nullable().optional(),
  requireVerifiedIdentity: z.boolean().optional(),
  locale: z.enum(WEBSITE_LOCALES, { error: `locale must be one of ${WEBSITE_LOCALES.join(', ')}` }).optional(),
  csatEnabled: z.boolean().optional(),
});
export type UpdateWebsiteInput = z.output<typeof UpdateWebsiteInput>;

export const UpdateMemberInput = z.strictObject({ role: z.enum(['owner', 'admin', 'agent']) });
export type UpdateMemberInput = z.output<typeof UpdateMemberInput>;

export const AuditQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: queryInt(1, 200, 'limit must be an integer from 1 to 200').optional(),
  /** Actions starting with this, e.g. `member.` */
  action: z
    .string()
    .regex(/^[a-z_.]{1,48}$/, { error: 'action must be like member.removed or member.' })
    .optional(),
  actor: z.string().regex(UUID_PATTERN, { error: 'actor must be an agent id' }).optional(),
});
export type AuditQuery = z.output<typeof AuditQuery>;
