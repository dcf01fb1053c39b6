import { z } from 'zod';
import { chars, email, minChars, text } from '../../common/input';

/** Passwords: 10–128 characters, and at most 72 bytes of UTF-8, all that bcrypt reads. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
export const PASSWORD_MAX_BYTES = 72;

export const newPassword = () => chars(PASSWORD_MAX).check(minChars(PASSWORD_MIN));
const presentedPassword = () => chars(PASSWORD_MAX).min(1);

export const SignupInput = z.strictObject({ email: email(), password: newPassword(), name: text(100) });
export type SignupInput = z.output<typeof SignupInput>;

export const LoginInput = z.strictObject({ email: z.string().trim().min(1).max(254), password: presentedPassword() });
export type LoginInput = z.output<typeof LoginInput>;

export const RefreshInput = z.strictObject({ refreshToken: z.string().min(1).max(200) });
export type RefreshInput = z.output<typeof RefreshInput>;

export const ChangePasswordInput = z.strictObject({ currentPassword: presentedPassword(), newPassword: newPassword() });
export type ChangePasswordInput = z.output<typeof ChangePasswordInput>;

const emailedToken = () => z.string().min(1).max(200);

export const VerifyEmailInput = z.strictObject({ token: emailedToken() });
export type VerifyEmailInput = z.output<typeof VerifyEmailInput>;

export const ForgotPasswordInput = z.strictObject({ email: email() });
export type ForgotPasswordInput = z.output<typeof ForgotPasswordInput>;

export const ResetPasswordInput = z.strictObject({ token: emailedToken(), password: newPassword() });
export type ResetPasswordInput = z.output<typeof ResetPasswordInput>;

export const UpdateMeInput = z.strictObject({
  name: text(100).optional(),
  notifications: z.strictObject({ email: z.enum(['all', 'assigned', 'none']) }).optional(),
});
export type UpdateMeInput = z.output<typeof UpdateMeInput>;
