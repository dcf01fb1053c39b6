import type { SearchProfile } from './search-scenario';

/** How long and how hard each scenario runs: the full run (< 10 min) and BENCH_QUICK=1 (< 1 min). */
export interface Profile {
  name: 'full' | 'quick';
  pg: { seconds: number; clients: number; scripts: number };
  latency: { conversations: number[]; warmupMs: number; measureMs: number; drainMs: number };
  throughput: {
    conversations: number;
    /** Offered rates (messages/s, all conversations together) tried in order until one fails. */
    rates: number[];
    /** After the first failure, one more step halfway between the last pass and it. */
    refine: boolean;
    firstWarmupMs: number;
    warmupMs: number;
    measureMs: number;
    drainMs: number;
  };
  fanout: { conversations: number } | null;
  overload: {
    conversations: number;
    /** Offered rate as a multiple of the sustainable one (the throughput case's, in the same run). */
    factor: number;
    /** The sustainable rate assumed when the throughput case did not run (BENCH_OVERLOAD_BASE overrides). */
    fallbackSustained: number;
    warmupMs: number;
    measureMs: number;
    drainMs: number;
  };
  connections: {
    sockets: number;
    concurrency: number;
    restart: boolean;
    /** Conversations that keep talking through the restart (Zendo only: the relay keeps no history). */
    activeConversations: number;
    /** How long to wait for sockets to come back after the restart. */
    backTimeoutMs: number;
  };
  widget: { loads: number };
  start: { runs: number };
  search: SearchProfile;
}

/** Rates from `from` growing by `factor`, rounded to 50. */
function steps(from: number, factor: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.round((from * factor ** i) / 50) * 50);
}

export const FULL: Profile = {
  name: 'full',
  pg: { seconds: 6, clients: 10, scripts: 3 },
  latency: { conversations: [100, 1000], warmupMs: 5000, measureMs: 30_000, drainMs: 3000 },
  throughput: {
    conversations: 200,
    rates: steps(500, 1.5, 10),
    refine: true,
    firstWarmupMs: 5000,
    warmupMs: 1000,
    measureMs: 4000,
    drainMs: 1500,
  },
  fanout: { conversations: 500 },
  overload: {
    conversations: 200,
    factor: 2,
    fallbackSustained: 7000,
    warmupMs: 3000,
    measureMs: 10_000,
    drainMs: 3000,
  },
  connections: {
    sockets: 10_000,
    concurrency: 100,
    restart: true,
    activeConversations: 100,
    backTimeoutMs: 30_000,
  },
  widget: { loads: 20 },
  start: { runs: 3 },
  search: { messages: 1_000_000, websites: 100, bigShare: 0.3, runs: 5 },
};

export const QUICK: Profile = {
  name: 'quick',
  pg: { seconds: 2, clients: 10, scripts: 1 },
  latency: { conversations: [100], warmupMs: 1000, measureMs: 3000, drainMs: 1000 },
  throughput: {
    conversations: 200,
    rates: [1000, 4000],
    refine: false,
    firstWarmupMs: 1000,
    warmupMs: 500,
    measureMs: 1500,
    drainMs: 1000,
  },
  fanout: null,
  overload: { conversations: 200, factor: 2, fallbackSustained: 7000, warmupMs: 1000, measureMs: 3000, drainMs: 2000 },
  connections: { sockets: 1000, concurrency: 100, restart: false, activeConversations: 0, backTimeoutMs: 0 },
  widget: { loads: 3 },
  start: { runs: 1 },
  search: { messages: 50_000, websites: 10, bigShare: 0.3, runs: 2 },
};
