import type { Distribution } from './stats';

/** Where one socket connects and what it presents in the handshake. */
export interface SocketTarget {
  url: string;
  auth: Record<string, unknown>;
}

/** A website as one generator drives it: its agent socket and one visitor per conversation. */
export interface GeneratorWebsite {
  agent: SocketTarget;
  visitors: SocketTarget[];
}

export type GeneratorCommand =
  | { type: 'setup'; generatorId: number; websites: GeneratorWebsite[] }
  | {
      type: 'run';
      phase: number;
      ratePerConversation: number;
      socketsPerConversation: number;
      warmupMs: number;
      measureMs: number;
      drainMs: number;
    }
  | { type: 'close' };

export interface SetupReport {
  type: 'ready';
  conversations: number;
  agentSockets: number;
  setupMs: number;
}

/** What one generator saw in one phase; only messages whose send was scheduled inside the window count. */
export interface PhaseReport {
  type: 'phase';
  phase: number;
  /** Messages per second this generator was asked to offer. */
  configuredRate: number;
  /** Messages per second it did offer inside the window. */
  achievedRate: number;
  sent: number;
  windowMs: number;
  /** How late sends left against their schedule (ms): the generator's own lag. */
  sendLag: Distribution;
  /** Visitor send (scheduled time) → agent receipt, ms, one sample per delivered message. */
  delivery: number[];
  /** Visitor send (scheduled time) → acknowledgement, ms. */
  ack: number[];
  lost: number;
  /** Messages acknowledged as stored (ok). */
  accepted: number;
  /** Of those, never delivered to the agent: lost after the server took them. */
  acceptedLost: number;
  duplicates: number;
  ackErrors: Record<string, number>;
  /** Fraction of one core the generator used during the window. */
  cpu: number;
  loopDelayP99: number;
}

export type GeneratorReply = SetupReport | PhaseReport | { type: 'error'; message: string };
