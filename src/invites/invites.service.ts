import { Inject, Injectable } from '@nestjs/common';
import { AuthService } from '../agents/auth.service';
import { AgentIdentity } from '../common/auth/agent-identity';
import { Mailer } from '../common/mailer';
import { hashToken as hash, newToken } from '../common/secrets';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { WebsitesService } from '../websites/websites.service';
import { AcceptInviteDto, CreateInviteDto } from './dto/invite.dto';
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
    private readonly publisher: RealtimePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Owners and admins invite; the token travels only in the mail (stored hashed). */
  async invite(agent: AgentIdentity, websiteId: string, dto: CreateInviteDto) {
    const website = await this.websites.requireManager(agent, websiteId);
    if (await this.repo.isMemberEmail(websiteId, dto.email)) throw new InviteError('ALREADY_MEMBER');
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
   * password (and gets a session).
   */
  async accept(dto: AcceptInviteDto) {
    const passwordHash = dto.password ? await this.auth.hashPassword(dto.password) : null;
    const result = await this.repo.accept(hash(dto.token), () =>
      dto.name && passwordHash ? { name: dto.name, passwordHash } : null,
    );
    if (result === null) throw new InviteError('NOT_FOUND');
    if (result === 'NEEDS_ACCOUNT') throw new InviteError('VALIDATION_FAILED');
    this.publisher.agentJoinedWebsite(result.agentId, result.invite.website_id);
    const website = { id: result.invite.website_id, name: result.invite.website_name, role: result.invite.role };
    if (!result.created) return { created: false, website };
    return { created: true, website, ...(await this.auth.sessionFor(result.agentId)) };
  }
}
