import { Inject, Injectable } from '@nestjs/common';
import { AuthService } from '../agents/auth.service';
import { AuditService } from '../audit/audit.service';
import type { AgentActor } from '../common/auth/actor';
import { RateLimited } from '../common/domain-error';
import { Mailer } from '../common/mailer';
import { hashToken as hash, newToken } from '../common/secrets';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateWindow } from '../redis/rate-window';
import { WebsitesService } from '../websites/websites.service';
import { AcceptInviteInput, CreateInviteInput } from './dto/invite.dto';
import { InviteError } from './invites.errors';
import { InviteRow, InvitesRepository } from './invites.repository';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export interface Invite {
  id: string;
  websiteId: string;
  email: string;
  role: InviteRow['role'];
  invitedBy: { id: string; name: string } | null;
  expiresAt: string;
  createdAt: string;
}

function toInvite(row: InviteRow): Invite {
  return {
    id: row.id,
    websiteId: row.website_id,
    email: row.email,
    role: row.role,
    invitedBy: row.invited_by ? { id: row.invited_by, name: row.invited_by_name ?? '' } : null,
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Invitations of agents to websites. The token travels only in the mail (stored hashed) and is
 * what proves the invited email: it makes a new account, or lets the owner of an account nobody
 * verified take it over; an account whose email was proven must be signed in to accept.
 */
@Injectable()
export class InvitesService {
  constructor(
    private readonly repo: InvitesRepository,
    private readonly websites: WebsitesService,
    private readonly auth: AuthService,
    private readonly mailer: Mailer,
    private readonly limits: RateWindow,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Owners and admins invite agents and admins; only an owner invites an owner. */
  async invite(agent: AgentActor, websiteId: string, dto: CreateInviteInput) {
    const website = await this.websites.requireManager(agent, websiteId);
    if (dto.role === 'owner' && website.role !== 'owner') throw new InviteError('FORBIDDEN');
    if (await this.websites.hasMemberWithEmail(websiteId, dto.email)) throw new InviteError('ALREADY_MEMBER');
    await this.throttle(websiteId);
    const token = newToken();
    const row = await this.repo.transaction(async (tx) => {
      const created = await this.repo.create(tx, websiteId, dto.email, dto.role, hash(token), agent.id, this.expiry());
      await this.audit.record(tx, {
        websiteId,
        actor: agent,
        action: 'invite.sent',
        target: { type: 'invite', id: created.id },
        details: { email: dto.email, role: dto.role },
      });
      return created;
    });
    return { ...toInvite(row), mailed: await this.mail(row, token) };
  }

  async pending(agent: AgentActor, websiteId: string): Promise<{ items: Invite[]; nextCursor: null }> {
    await this.websites.requireManager(agent, websiteId);
    return { items: (await this.repo.pending(websiteId)).map(toInvite), nextCursor: null };
  }

  async revoke(agent: AgentActor, websiteId: string, inviteId: string): Promise<void> {
    await this.websites.requireManager(agent, websiteId);
    await this.repo.transaction(async (tx) => {
      if (!(await this.repo.revoke(tx, websiteId, inviteId))) throw new InviteError('NOT_FOUND');
      await this.audit.record(tx, {
        websiteId,
        actor: agent,
        action: 'invite.revoked',
        target: { type: 'invite', id: inviteId },
      });
    });
  }

  /** A new link (the old one stops working), valid for another 7 days. */
  async resend(agent: AgentActor, websiteId: string, inviteId: string) {
    await this.websites.requireManager(agent, websiteId);
    await this.throttle(websiteId);
    const token = newToken();
    const row = await this.repo.transaction(async (tx) => {
      const renewed = await this.repo.renew(tx, websiteId, inviteId, hash(token), this.expiry());
      if (!renewed) throw new InviteError('NOT_FOUND');
      await this.audit.record(tx, {
        websiteId,
        actor: agent,
        action: 'invite.resent',
        target: { type: 'invite', id: inviteId },
      });
      return renewed;
    });
    return { ...toInvite(row), mailed: await this.mail(row, token) };
  }

  /**
   * What the invite page shows before accepting. `existing`: an account holds the email, so the
   * page asks to sign in (an unverified one can also be taken over with a new password).
   */
  async inspect(token: string) {
    const invite = await this.repo.findLive(null, hash(token));
    if (!invite) throw new InviteError('NOT_FOUND');
    const account = await this.repo.transaction((tx) => this.auth.accountOf(tx, invite.email));
    return {
      email: invite.email,
      role: invite.role,
      website: { id: invite.website_id, name: invite.website_name },
      account: account ? 'existing' : 'new',
    };
  }

  /**
   * Accepts an invite: account, membership and the used invite in one transaction.
   * - signed in (`caller`): only as the invited email's account;
   * - no account for the email, or one nobody verified: name and password make it (taking over
   *   the unverified one and ending its sessions), and a session is returned;
   * - an account with a proven email: LOGIN_REQUIRED.
   */
  async accept(dto: AcceptInviteInput, caller: AgentActor | null) {
    const passwordHash = dto.password ? await this.auth.hashPassword(dto.password) : null;
    const { invite, agentId, created } = await this.repo.transaction(async (tx) => {
      const invite = await this.repo.findLive(tx, hash(dto.token));
      if (!invite) throw new InviteError('NOT_FOUND');
      const account = await this.auth.accountOf(tx, invite.email);
      let agentId: string;
      let created = false;
      if (caller) {
        if (account?.id !== caller.id) {
          throw new InviteError('WRONG_ACCOUNT', `This invite is for ${invite.email}: log in with that account`);
        }
        agentId = caller.id;
        await this.auth.markVerified(tx, agentId);
      } else if (account?.verified) {
        throw new InviteError('LOGIN_REQUIRED');
      } else {
        if (!dto.name || !passwordHash) throw new InviteError('VALIDATION_FAILED');
        if (account) await this.auth.takeOverUnverified(tx, account.id, dto.name, passwordHash);
        agentId = account?.id ?? (await this.auth.createVerified(tx, invite.email, dto.name, passwordHash));
        created = true;
      }
      if (await this.websites.hasMemberWithEmail(invite.website_id, invite.email)) {
        throw new InviteError('ALREADY_MEMBER');
      }
      await this.websites.addMember(tx, invite.website_id, agentId, invite.role);
      await this.repo.markAccepted(tx, invite.id, agentId);
      await this.audit.record(tx, {
        websiteId: invite.website_id,
        actor: { type: 'agent', id: agentId },
        action: 'invite.accepted',
        target: { type: 'invite', id: invite.id },
        details: { email: invite.email, role: invite.role, newAccount: created },
      });
      return { invite, agentId, created };
    });
    const website = { id: invite.website_id, name: invite.website_name, role: invite.role };
    if (!created) return { created: false, website };
    return { created: true, website, ...(await this.auth.sessionFor(agentId)) };
  }

  private expiry(): Date {
    return new Date(Date.now() + INVITE_TTL_MS);
  }

  private async throttle(websiteId: string): Promise<void> {
    const hit = await this.limits.hit(`invites:${websiteId}`, this.config.invitesPerHour, 3600_000);
    if (!hit.allowed) {
      throw new RateLimited(
        hit.retryAfterSeconds,
        `At most ${this.config.invitesPerHour} invites an hour per website`,
        'invites',
      );
    }
  }

  private mail(invite: InviteRow, token: string): Promise<boolean> {
    const link = `${this.config.publicUrl}/app/invite?token=${token}`;
    const by = invite.invited_by_name ? `${invite.invited_by_name} invited you` : 'You are invited';
    return this.mailer.send({
      to: invite.email,
      subject: `You are invited to answer chats for ${invite.website_name}`,
      text: `${by} to ${invite.website_name} on Zendo as ${invite.role}.\n\nAccept: ${link}\n\nThe link works for 7 days.`,
    });
  }
}
