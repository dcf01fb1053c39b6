import { z } from 'zod';
import { email, text } from '../../common/input';
import { newPassword } from '../../agents/dto/auth.dto';

export const CreateInviteInput = z.strictObject({
  email: email(),
  role: z.enum(['admin', 'agent'], { error: 'role must be admin or agent' }),
});
export type CreateInviteInput = z.output<typeof CreateInviteInput>;

export const AcceptInviteInput = z.strictObject({
  token: z.string().min(1).max(200),
  name: text(100).optional(),
  password: newPassword().optional(),
});
export type AcceptInviteInput = z.output<typeof AcceptInviteInput>;
