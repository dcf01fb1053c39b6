import type { ConversationRef } from '../conversations/conversation.types';

export type AgentStatus = 'online' | 'away' | 'offline';
export type PresenceChoice = 'online' | 'away';

/** What a dead instance leaves behind, for whoever takes it over to put right. */
export interface Orphans {
  /** Agents that had sockets there: their status is computed again. */
  agents: string[];
  /** Conversations that had viewers there: their viewers are announced again. */
  conversations: ConversationRef[];
}

/**
 * Where presence lives: in Redis when there are several instances, in memory otherwise.
 * Socket counts are kept per instance, so the sockets of an instance that dies without a word
 * can be taken off by the others (`reapDead`).
 */
export interface PresenceStore {
  readonly instanceId: string;
  /** Adds `delta` to this instance's count of the agent's sockets; answers the count on every live instance. */
  addSockets(agentId: string, delta: number): Promise<number>;
  /** Drops this instance's entry of an agent with no sockets left here. */
  forget(agentId: string): Promise<void>;
  choice(agentId: string): Promise<PresenceChoice>;
  setChoice(agentId: string, choice: PresenceChoice): Promise<void>;
  /** Records `status` as the agent's announced one; true when it was not already. */
  announce(agentId: string, status: AgentStatus): Promise<boolean>;
  statuses(agentIds: string[]): Promise<AgentStatus[]>;
  /** Records whether the website is online for its visitors; true when that changed. */
  announceWebsite(websiteId: string, online: boolean): Promise<boolean>;
  websiteOnline(websiteId: string): Promise<boolean | null>;
  /** The agents viewing the conversation after `socketKey` started (agentId) or stopped (null). */
  setViewer(conversation: ConversationRef, socketKey: string, agentId: string | null): Promise<string[]>;
  heartbeat(): Promise<void>;
  /** Instances whose heartbeat stopped: each one taken over by exactly one caller. */
  reapDead(): Promise<Orphans>;
  /** This instance stops (graceful shutdown): what it held, for the caller to announce. */
  leave(): Promise<Orphans>;
}

/** One instance, in memory. */
export class MemoryPresenceStore implements PresenceStore {
  readonly instanceId = 'local';
  private readonly sockets = new Map<string, number>();
  private readonly choices = new Map<string, PresenceChoice>();
  private readonly announced = new Map<string, AgentStatus>();
  private readonly websites = new Map<string, boolean>();
  private readonly viewers = new Map<string, Map<string, string>>();

  async addSockets(agentId: string, delta: number): Promise<number> {
    const count = Math.max(0, (this.sockets.get(agentId) ?? 0) + delta);
    this.sockets.set(agentId, count);
    return count;
  }

  async forget(agentId: string): Promise<void> {
    if (this.sockets.get(agentId) === 0) this.sockets.delete(agentId);
  }

  async choice(agentId: string): Promise<PresenceChoice> {
    return this.choices.get(agentId) ?? 'online';
  }

  async setChoice(agentId: string, choice: PresenceChoice): Promise<void> {
    if (choice === 'online') this.choices.delete(agentId);
    else this.choices.set(agentId, choice);
  }

  async announce(agentId: string, status: AgentStatus): Promise<boolean> {
    if ((this.announced.get(agentId) ?? 'offline') === status) return false;
    this.announced.set(agentId, status);
    return true;
  }

  async statuses(agentIds: string[]): Promise<AgentStatus[]> {
    return agentIds.map((id) => this.announced.get(id) ?? 'offline');
  }

  async announceWebsite(websiteId: string, online: boolean): Promise<boolean> {
    if ((this.websites.get(websiteId) ?? false) === online) return false;
    this.websites.set(websiteId, online);
    return true;
  }

  async websiteOnline(websiteId: string): Promise<boolean | null> {
    return this.websites.get(websiteId) ?? null;
  }

  async setViewer(conversation: ConversationRef, socketKey: string, agentId: string | null): Promise<string[]> {
    const viewers = this.viewers.get(conversation.id) ?? new Map<string, string>();
    if (agentId) viewers.set(socketKey, agentId);
    else viewers.delete(socketKey);
    if (viewers.size) this.viewers.set(conversation.id, viewers);
    else this.viewers.delete(conversation.id);
    return [...new Set(viewers.values())];
  }

  async heartbeat(): Promise<void> {}

  async reapDead(): Promise<Orphans> {
    return { agents: [], conversations: [] };
  }

  async leave(): Promise<Orphans> {
    return { agents: [], conversations: [] };
  }
}
