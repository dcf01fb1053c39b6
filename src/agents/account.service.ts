import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, RateLimited } from '../common/domain-error';
import { escapeHtml, Mailer } from '../common/mailer';
import { hashToken, newToken } from '../common/secrets';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateWindow } from '../redis/rate-window';
import { Agent, AgentRow, AgentsRepository, toAgent } from './agents.repository';
import { AuthService } from './auth.service';

const VERIFY_TTL_MS = 48 * 3600_000;
const RESET_TTL_MS = 3600_000;
const HOUR_MS = 3600_000;

const invalidToken = () =>
  new DomainError(
    'INVALID_TOKEN',
    'This link is not valid any more (used, expired or replaced); ask for a new one',
    400,
  );

/**
 * Proving an email and recovering a password, both by a single-use link mailed to the address.
 * Asking for a reset answers the same whether or not the address has an account.
 */
@Injectable()
export class AccountService {
  private readonly log = new Logger('Accounts');

  constructor(
    private readonly agents: AgentsRepository,
    private readonly auth: AuthService,
    private readonly mailer: Mailer,
    private readonly limits: RateWindow,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** After signup, or when asked again (at most 5 an hour per agent). Never fails the caller's request. */
  async sendVerification(agent: Pick<Agent, 'id' | 'email' | 'name'>, limited = false): Promise<void> {
    if (limited) {
      const hit = await this.limits.hit(`verify-mail:${agent.id}`, this.config.limits.passwordResetsPerHour, HOUR_MS);
      if (!hit.allowed)
        throw new RateLimited(
          hit.retryAfterSeconds,
          'Verification mail was sent several times; wait',
          'verification_mail',
        );
    }
    const token = newToken();
    await this.agents.storeEmailToken(
      agent.id,
      'verify',
      agent.email,
      hashToken(token),
      new Date(Date.now() + VERIFY_TTL_MS),
    );
    const link = `${this.config.publicUrl}/app/verify-email?token=${token}`;
    void this.mailer.send({
      to: agent.email,
      subject: 'Confirm your email for Zendo',
      text: `Hello ${agent.name},\n\nConfirm that this is your address: ${link}\n\nThe link works for 48 hours. If you did not sign up for Zendo, ignore this mail.`,
      html: `<p>Hello ${escapeHtml(agent.name)},</p><p><a href="${escapeHtml(link)}">Confirm that this is your address</a>. The link works for 48 hours.</p><p>If you did not sign up for Zendo, ignore this mail.</p>`,
    });
  }

  async resendVerification(agentId: string): Promise<void> {
    const row = await this.agents.findById(agentId);
    if (!row) throw new DomainError('UNAUTHORIZED', 'A valid access token is required', 401);
    if (row.email_verified_at) return;
    await this.sendVerification(toAgent(row), true);
  }

  async verifyEmail(token: string): Promise<{ agent: Agent }> {
    const agent = await this.agents.transaction(async (tx) => {
      const row = await this.agents.useEmailToken(tx, 'verify', hashToken(token));
      if (!row) throw invalidToken();
      return this.agents.verifyEmail(tx, row.id);
    });
    return { agent: toAgent(agent) };
  }

  /**
   * Always the same answer, account or not, so nobody learns which addresses have one. Limited
   * per email address and per client address (5 an hour each, PASSWORD_RESET_RATE).
   */
  async forgotPassword(email: string, clientAddress: string): Promise<void> {
    const limit = this.config.limits.passwordResetsPerHour;
    for (const key of [`reset-mail:${email.toLowerCase()}`, `reset-from:${clientAddress}`]) {
      const hit = await this.limits.hit(key, limit, HOUR_MS);
      if (!hit.allowed)
        throw new RateLimited(hit.retryAfterSeconds, `At most ${limit} reset requests an hour`, 'password_reset');
    }
    const row = await this.agents.findByEmail(email);
    if (!row) return;
    const token = newToken();
    await this.agents.storeEmailToken(
      row.id,
      'reset',
      row.email,
      hashToken(token),
      new Date(Date.now() + RESET_TTL_MS),
    );
    this.mailReset(row, token);
  }

  /** A new password from a reset link: every session of the account ends; the address is proven. */
  async resetPassword(token: string, password: string): Promise<{ agent: Agent }> {
    const passwordHash = await this.auth.hashPassword(password);
    const { agent, ended } = await this.agents.transaction(async (tx) => {
      const row = await this.agents.useEmailToken(tx, 'reset', hashToken(token));
      if (!row) throw invalidToken();
      const ended = await this.agents.changePassword(row.id, passwordHash, tx);
      return { agent: await this.agents.verifyEmail(tx, row.id), ended };
    });
    this.auth.endSessions(ended);
    return { agent: toAgent(agent) };
  }

  private mailReset(row: AgentRow, token: string): void {
    const link = `${this.config.publicUrl}/app/reset-password?token=${token}`;
    void this.mailer
      .send({
        to: row.email,
        subject: 'Reset your Zendo password',
        text: `Hello ${row.name},\n\nSomeone (we hope you) asked to reset your password: ${link}\n\nThe link works for one hour, once. Setting a new password logs you out everywhere. If it was not you, ignore this mail: your password stays as it is.`,
        html: `<p>Hello ${escapeHtml(row.name)},</p><p>Someone (we hope you) asked to reset your password: <a href="${escapeHtml(link)}">choose a new password</a>.</p><p>The link works for one hour, once. Setting a new password logs you out everywhere. If it was not you, ignore this mail.</p>`,
      })
      .catch((error: unknown) => this.log.warn(String(error)));
  }
}
