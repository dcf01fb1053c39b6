import { z } from 'zod';

export const SetPresenceInput = z.strictObject({
  status: z.enum(['online', 'away'], { error: 'status must be online or away' }),
});
export type SetPresenceInput = z.output<typeof SetPresenceInput>;
