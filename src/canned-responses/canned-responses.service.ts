import { Injectable } from '@nestjs/common';
import type { AgentActor } from '../common/auth/actor';
import { WebsiteError } from '../websites/websites.errors';
import { WebsitesService } from '../websites/websites.service';
import { CannedResponseError } from './canned-responses.errors';
import { CannedResponseRow, CannedResponsesRepository } from './canned-responses.repository';
import { CannedResponsesQuery, CreateCannedResponseInput, UpdateCannedResponseInput } from './dto/canned-response.dto';

/** Canned responses a website may have. */
export const CANNED_RESPONSES_PER_WEBSITE = 500;

export interface CannedResponse {
  id: string;
  shortcut: string;
  title: string | null;
  body: string;
  createdAt: string;
  updatedAt: string;
}

const toCannedResponse = (row: CannedResponseRow): CannedResponse => ({
  id: row.id,
  shortcut: row.shortcut,
  title: row.title,
  body: row.body,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/**
 * Saved replies: any member reads and uses them; owners and admins manage them. Bodies keep their
 * variables (`{{visitor.name | there}}`) as written: the console fills them from current data when
 * a response is inserted, so nothing stale is stored.
 */
@Injectable()
export class CannedResponsesService {
  constructor(
    private readonly repo: CannedResponsesRepository,
    private readonly websites: WebsitesService,
  ) {}

  async list(agent: AgentActor, websiteId: string, query: CannedResponsesQuery) {
    await this.websites.membership(agent, websiteId);
    const rows = await this.repo.list(websiteId, query.q || undefined, CANNED_RESPONSES_PER_WEBSITE);
    return { items: rows.map(toCannedResponse), nextCursor: null };
  }

  async create(agent: AgentActor, websiteId: string, dto: CreateCannedResponseInput): Promise<CannedResponse> {
    await this.websites.requireManager(agent, websiteId);
    if ((await this.repo.count(websiteId)) >= CANNED_RESPONSES_PER_WEBSITE) {
      throw new CannedResponseError(
        'TOO_MANY',
        `A website has at most ${CANNED_RESPONSES_PER_WEBSITE} canned responses`,
      );
    }
    const row = await this.repo.create(
      websiteId,
      { shortcut: dto.shortcut, title: dto.title || null, body: dto.body },
      agent.id,
    );
    if (!row) throw new CannedResponseError('SHORTCUT_TAKEN');
    return toCannedResponse(row);
  }

  async update(agent: AgentActor, id: string, dto: UpdateCannedResponseInput): Promise<CannedResponse> {
    await this.manageable(agent, id);
    const row = await this.repo.update(id, { ...dto, title: dto.title === '' ? null : dto.title }, agent.id);
    if (!row) throw new CannedResponseError('SHORTCUT_TAKEN');
    return toCannedResponse(row);
  }

  async remove(agent: AgentActor, id: string): Promise<void> {
    await this.manageable(agent, id);
    await this.repo.remove(id);
  }

  /** 404 for other tenants' ids and unknown ones alike; 403 for members who may not manage. */
  private async manageable(agent: AgentActor, id: string): Promise<CannedResponseRow> {
    const row = await this.repo.find(id);
    if (!row) throw new CannedResponseError('NOT_FOUND');
    try {
      await this.websites.requireManager(agent, row.website_id);
    } catch (error) {
      if (error instanceof WebsiteError && error.code === 'NOT_FOUND') throw new CannedResponseError('NOT_FOUND');
      throw error;
    }
    return row;
  }
}
