import type { ConversationRef } from '../conversations/conversation.types';
import type { AgentStatus } from './presence.store';

declare module '../common/domain-events' {
  interface DomainEventMap {
    /** An agent's status changed; their websites' agents are told. */
    'presence.changed': { agentId: string; status: AgentStatus; previous: AgentStatus; websiteIds: string[] };
    /** Whether anyone can answer the website's visitors changed. */
    'website.availability': { websiteId: string; online: boolean };
    /** Who is viewing the conversation changed. */
    'conversation.viewers': { conversation: ConversationRef; agentIds: string[] };
  }
}
export {};
