import { Injectable } from '@nestjs/common';
import type { AgentActor } from '../common/auth/actor';
import { DomainEvents } from '../common/domain-events';
import { WebsiteError } from '../websites/websites.errors';
import { WebsitesService } from '../websites/websites.service';
import { ConversationRow, toConversation } from './conversation-rows';
import { Conversation } from './conversation.types';
import { ConversationError } from './conversations.errors';
import './conversations.events';
import { CreateTagInput, SetTagsInput, UpdateTagInput } from './dto/tag.dto';
import { InboxRepository } from './inbox.repository';
import { TagRow, TagsRepository } from './tags.repository';

/** Tags a website may have in its catalogue. */
const TAGS_PER_WEBSITE = 500;

export interface Tag {
  id: string;
  name: string;
  color: string | null;
  /** How many conversations carry it. */
  conversations: number;
}

const toTag = (row: TagRow): Tag => ({
  id: row.id,
  name: row.name,
  color: row.color,
  conversations: row.conversations,
});

/**
 * The tag catalogue of a website (any member creates and applies tags; owners and admins rename
 * and delete them) and the tags of conversations, which must be in the catalogue, so typos do not
 * become tags. Every change of a conversation's tags is announced as `conversation.updated`.
 */
@Injectable()
export class TagsService {
  constructor(
    private readonly repo: TagsRepository,
    private readonly inbox: InboxRepository,
    private readonly websites: WebsitesService,
    private readonly events: DomainEvents,
  ) {}

  async list(agent: AgentActor, websiteId: string): Promise<{ items: Tag[] }> {
    await this.websites.membership(agent, websiteId);
    return { items: (await this.repo.list(websiteId)).map(toTag) };
  }

  async create(agent: AgentActor, websiteId: string, dto: CreateTagInput): Promise<Tag> {
    await this.websites.membership(agent, websiteId);
    if ((await this.repo.count(websiteId)) >= TAGS_PER_WEBSITE) {
      throw new ConversationError('TOO_MANY', `A website has at most ${TAGS_PER_WEBSITE} tags`);
    }
    const row = await this.repo.create(websiteId, dto.name, dto.color ?? null, agent.id);
    if (!row) throw new ConversationError('TAG_TAKEN');
    return toTag(row);
  }

  async update(agent: AgentActor, tagId: string, dto: UpdateTagInput): Promise<Tag> {
    const tag = await this.manageable(agent, tagId);
    const result = await this.repo.update(tag, dto, agent.id);
    if (!result) throw new ConversationError('TAG_TAKEN');
    this.announce(result.conversations);
    return toTag(result.tag);
  }

  async remove(agent: AgentActor, tagId: string): Promise<void> {
    this.announce(await this.repo.remove(await this.manageable(agent, tagId)));
  }

  /** Replaces the conversation's tags; every name must be in the catalogue (compared regardless of case). */
  async setOnConversation(
    agent: AgentActor,
    conversationId: string,
    dto: SetTagsInput,
  ): Promise<{ conversation: Conversation }> {
    const conversation = await this.inbox.findScoped(agent, conversationId);
    if (!conversation) throw new ConversationError('NOT_FOUND');
    const resolved = await this.repo.resolve(conversation.websiteId, dto.tags);
    const unknown = dto.tags.filter((_, i) => resolved[i] === undefined);
    if (unknown.length) throw new ConversationError('UNKNOWN_TAG', `Not in the catalogue: ${unknown.join(', ')}`);
    const tags = [...new Set(resolved as string[])];
    if (tags.length === conversation.tags.length && tags.every((t, i) => t === conversation.tags[i])) {
      return { conversation };
    }
    const row = await this.repo.setTags(conversationId, tags);
    if (!row) throw new ConversationError('NOT_FOUND');
    const updated = toConversation(row);
    this.events.emit('conversation.updated', { conversation: updated });
    return { conversation: updated };
  }

  /** The tag, if the agent may rename or delete it (owner or admin of its website); 404 for strangers. */
  private async manageable(agent: AgentActor, tagId: string): Promise<TagRow> {
    const tag = await this.repo.find(tagId);
    if (!tag) throw new ConversationError('NOT_FOUND', 'The tag does not exist');
    try {
      await this.websites.requireManager(agent, tag.website_id);
    } catch (error) {
      if (error instanceof WebsiteError && error.code === 'NOT_FOUND') {
        throw new ConversationError('NOT_FOUND', 'The tag does not exist');
      }
      throw error;
    }
    return tag;
  }

  private announce(rows: ConversationRow[]): void {
    for (const row of rows) this.events.emit('conversation.updated', { conversation: toConversation(row) });
  }
}
