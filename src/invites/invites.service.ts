import { Inject, Injectable } from '@nestjs/common';
import { AuthService } from '../agents/auth.service';
import type { AgentActor } from '../common/auth/actor';
import { Mailer } from '../common/mailer';
import { hashToken as hash, newToken } from '../common/secrets';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WebsitesService } from '../websites/websites.service';
import { AcceptInviteInput, CreateInviteInput } from './dto/invite.dto';
import { InviteError } from './invites.errors';
import { InvitesRepository } from './invites.repository';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

@Injectable()
export class InvitesService {
  constructor(
    private readonly repo: InvitesRepository,
    private readonly websites: WebsitesService,
    private readonly auth: AuthService,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Owners and admins invite; the token travels only in the mail (stored hashed). */
  async invite(agent: AgentActor, websiteId: string, dto: CreateInviteInput) {
    const website = await this.websites.requireManager(agent, websiteId);
    if (await this.websites.hasMemberWithEmail(websiteId, dto.email)) throw new InviteError('ALREADY_MEMBER');
    const token = newToken();
    const invite = await this.repo.create(
      websiteId,
      dto.email,
      dto.role,
      hash(token),
      agent.id,
      new Date(Date.now() + INVITE_TTL_MS),
    );
    const link = `${this.config.publicUrl}/app/invite?token=${token}`;
    const mailed = await this.mailer.send({
      to: dto.email,
      subject: `You are invited to answer chats for ${website.name}`,
      text: `You have been invited to ${website.name} on Zendo as ${dto.role}.\n\nAccept: ${link}\n\nThe link works for 7 days.`,
    });
    return {
      id: invite.id,
      websiteId,
      email: invite.email,
      role: invite.role,
      expiresAt: invite.expires_at.toISOString(),
      mailed,
    };
  }

  /**
   * The invited email's existing account joins the website; a new one is created from name and
   * password (and gets a session). Account, membership and the used invite: one transaction.
   */
  async accept(dto: AcceptInviteInput) {
    const passwordHash = dto.password ? await this.auth.hashPassword(dto.password) : null;
    const result = await this.repo.transaction(async (tx) => {
      const invite = await this.repo.findLiveForUpdate(tx, hash(dto.token));
      if (!invite) throw new InviteError('NOT_FOUND');
      const account = await this.auth.findOrCreateAccount(
        tx,
        invite.email,
        dto.name && passwordHash ? { name: dto.name, passwordHash } : null,
      );
      if (!account) throw new InviteError('VALIDATION_FAILED');
      await this.websites.addMember(tx, invite.website_id, account.id, invite.role);
      await this.repo.markAccepted(tx, invite.id, account.id);
      return { invite, account };
    });
    const { invite, account } = result;
    const website = { id: invite.website_id, name: invite.website_name, role: invite.role };
    if (!account.created) return { created: false, website };
    return { created: true, website, ...(await this.auth.sessionFor(account.id)) };
  }
}
