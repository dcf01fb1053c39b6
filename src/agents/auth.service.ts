import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateWindow } from '../redis/rate-window';
import * as bcrypt from 'bcrypt';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../common/secrets';
import { AccessTokens } from '../common/auth/access-tokens';
import { AgentIdentity } from '../common/auth/agent-identity';
import { RateLimited, ValidationFailed } from '../common/domain-error';
import { DomainEvents } from '../common/domain-events';
import { Sql } from '../database/db';
import { Agent, AgentsRepository, toAgent } from './agents.repository';
import { AgentError } from './agents.errors';
import { ChangePasswordInput, LoginInput, PASSWORD_MAX_BYTES, SignupInput } from './dto/auth.dto';

export const BCRYPT_COST = 12;
const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;
const LOGIN_WINDOW_MS = 15 * 60_000;
/** How long an answer about a session is trusted (a revocation shows everywhere within it). */
const SESSION_CHECK_MS = 1000;

export interface Session {
  agent: Agent;
  accessToken: string;
  refreshToken: string;
}

/** bcrypt reads only the first 72 bytes; longer passwords are refused rather than silently cut. */
function assertHashable(password: string, field: string): void {
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    throw new ValidationFailed([{ field, message: `${field} must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8` }]);
  }
}

@Injectable()
export class AuthService implements OnModuleInit {
  /** Compared against when the email is unknown, so both failures take the same time. */
  private dummyHash: Promise<string> = Promise.resolve('');
  private readonly liveSessions = new Map<string, { live: boolean; until: number }>();

  constructor(
    private readonly agents: AgentsRepository,
    private readonly tokens: AccessTokens,
    private readonly events: DomainEvents,
    private readonly limits: RateWindow,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Hashed in the background (a quarter of a second at cost 12): the server is ready before it is. */
  onModuleInit(): void {
    this.dummyHash = bcrypt.hash(randomBytes(16).toString('hex'), BCRYPT_COST);
  }

  async signup(dto: SignupInput): Promise<Session> {
    assertHashable(dto.password, 'password');
    const hash = await bcrypt.hash(dto.password, BCRYPT_COST);
    const row = await this.agents.create(dto.email, dto.name, hash);
    if (!row) throw new AgentError('EMAIL_TAKEN');
    return this.startSession(toAgent(row));
  }

  /**
   * Failed attempts are counted per email and client address together, so a stranger guessing
   * from elsewhere locks only themselves out, never the owner (per-address limits stop spraying).
   */
  async login(dto: LoginInput, clientAddress = 'unknown'): Promise<Session> {
    // Otherwise any password sharing the stored one's first 72 bytes would log in.
    assertHashable(dto.password, 'password');
    const key = `login-failures:${dto.email.toLowerCase()}:${clientAddress}`;
    const limit = this.config.limits.loginFailures;
    if ((await this.limits.peek(key, LOGIN_WINDOW_MS)) >= limit) {
      throw new RateLimited(
        RateWindow.secondsLeft(LOGIN_WINDOW_MS),
        'Too many failed logins; try again later',
        'login_failures',
      );
    }
    const row = await this.agents.findByEmail(dto.email);
    const matches = await bcrypt.compare(dto.password, row?.password_hash ?? (await this.dummyHash));
    if (!row || !matches) {
      await this.limits.hit(key, limit, LOGIN_WINDOW_MS);
      throw new AgentError('INVALID_CREDENTIALS');
    }
    return this.startSession(toAgent(row));
  }

  async refresh(refreshToken: string): Promise<{ accessToken: string; refreshToken: string }> {
    const successor = newToken();
    const outcome = await this.agents.rotateRefreshToken(
      hashToken(refreshToken),
      hashToken(successor),
      new Date(Date.now() + REFRESH_TTL_MS),
      this.config.sessionMaxMs,
    );
    if (outcome.kind === 'reused' || outcome.kind === 'ended') this.revoked([outcome.familyId]);
    if (outcome.kind === 'ended') {
      throw new AgentError('INVALID_REFRESH_TOKEN', 'The session reached its maximum lifetime; log in again');
    }
    if (outcome.kind !== 'rotated') throw new AgentError('INVALID_REFRESH_TOKEN');
    return { accessToken: this.tokens.issue(outcome.agentId, outcome.familyId), refreshToken: successor };
  }

  /** Idempotent: an unknown or already used token is fine too. */
  async logout(refreshToken: string): Promise<void> {
    const revoked = await this.agents.revokeFamilyOf(hashToken(refreshToken));
    if (revoked) this.revoked([revoked.familyId]);
  }

  async changePassword(identity: AgentIdentity, dto: ChangePasswordInput): Promise<Session> {
    assertHashable(dto.currentPassword, 'currentPassword');
    assertHashable(dto.newPassword, 'newPassword');
    const row = await this.agents.findById(identity.id);
    if (!row) throw new AgentError('UNAUTHORIZED');
    if (!(await bcrypt.compare(dto.currentPassword, row.password_hash))) throw new AgentError('INVALID_CREDENTIALS');
    const revoked = await this.agents.changePassword(row.id, await bcrypt.hash(dto.newPassword, BCRYPT_COST));
    this.revoked(revoked);
    // The agent who changed it stays logged in, on a fresh session.
    return this.startSession(toAgent(row));
  }

  /**
   * Whether a login session goes on. Asked on every authenticated request, so answers are kept
   * for a second; an ending session is forgotten here at once, and on the other instances within
   * that second.
   */
  async isSessionLive(familyId: string): Promise<boolean> {
    const known = this.liveSessions.get(familyId);
    if (known && known.until > Date.now()) return known.live;
    const live = !(await this.agents.isFamilyRevoked(familyId));
    if (this.liveSessions.size > 50_000) this.liveSessions.clear();
    this.liveSessions.set(familyId, { live, until: Date.now() + SESSION_CHECK_MS });
    return live;
  }

  /** Sessions another instance ended: their cached answers here are dropped at once. */
  forgetSessions(familyIds: string[]): void {
    familyIds.forEach((id) => this.liveSessions.delete(id));
  }

  /** A fresh session for an agent created elsewhere (an accepted invite). */
  async sessionFor(agentId: string): Promise<Session> {
    const row = await this.agents.findById(agentId);
    if (!row) throw new AgentError('UNAUTHORIZED');
    return this.startSession(toAgent(row));
  }

  /** The account holding `email`, inside the caller's transaction. */
  async accountOf(tx: Sql, email: string): Promise<{ id: string; verified: boolean } | null> {
    const row = await this.agents.findByEmail(email, tx);
    return row ? { id: row.id, verified: row.email_verified_at !== null } : null;
  }

  /** A new account whose email was proven (an invite token), inside the caller's transaction. */
  async createVerified(tx: Sql, email: string, name: string, passwordHash: string): Promise<string> {
    const row = await this.agents.create(email, name, passwordHash, tx, true);
    if (!row) throw new AgentError('EMAIL_TAKEN');
    return row.id;
  }

  markVerified(tx: Sql, agentId: string): Promise<void> {
    return this.agents.markVerified(tx, agentId);
  }

  /** The owner of the email takes over an account nobody proved it for; its sessions end after commit. */
  async takeOverUnverified(tx: Sql, agentId: string, name: string, passwordHash: string): Promise<void> {
    const families = await this.agents.takeOverUnverified(tx, agentId, name, passwordHash);
    tx.afterCommit(() => this.revoked(families));
  }

  /** bcrypt at Zendo's cost, refusing what bcrypt would silently cut. */
  async hashPassword(password: string, field = 'password'): Promise<string> {
    assertHashable(password, field);
    return bcrypt.hash(password, BCRYPT_COST);
  }

  /** Sessions ended elsewhere (a password reset): forgotten here, announced everywhere. */
  endSessions(familyIds: string[]): void {
    this.revoked(familyIds);
  }

  private revoked(familyIds: string[]): void {
    familyIds.forEach((id) => this.liveSessions.delete(id));
    if (familyIds.length) this.events.emit('session.revoked', { familyIds });
  }

  private async startSession(agent: Agent): Promise<Session> {
    const familyId = randomUUID();
    const refreshToken = newToken();
    await this.agents.storeRefreshToken(
      agent.id,
      familyId,
      hashToken(refreshToken),
      new Date(Date.now() + REFRESH_TTL_MS),
    );
    return { agent, accessToken: this.tokens.issue(agent.id, familyId), refreshToken };
  }
}
