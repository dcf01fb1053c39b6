import { z } from 'zod';
import { email, text } from '../../common/input';
import { newPassword } from '../../agents/dto/auth.dto';

export const CreateInviteInput = z.strictObject({
  email: email(),
  role: z.enum(['owner', 'admin', 'agent'], { error: 'role must be owner, admin or agent' }),
});
export type CreateInviteInput = z.output<typeof CreateInviteInput>;

const token = () => z.string().min(1).max(200);

export const InspectInviteInput = z.strictObject({ token: token() });
export type InspectInviteInput = z.output<typeof InspectInviteInput>;

export const AcceptInviteInput = z.strictObject({
  token: token(),
  name: text(100).optional(),
  password: newPassword().optional(),
});
export type AcceptInviteInput = z.output<typeof AcceptInviteInput>;
