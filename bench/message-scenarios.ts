import { MAX_SENDS_PER_SOCKET, MessageLoad, PhaseResult } from './message-load';
import type { Profile } from './profiles';
import type { Recorder } from './recorder';
import type { Side } from './tenants';

/** One agent socket (one website) per this many conversations. */
export const CONVERSATIONS_PER_AGENT = 50;
/** Messages/s one generator process is given at most; above it the load is split. */
const PER_GENERATOR = 2500;

export interface Endpoints {
  visitorUrl: string;
  agentUrl: string;
}

function phaseMetrics(r: PhaseResult) {
  return { ...r } as unknown as Record<string, unknown> & PhaseResult;
}

/** Every visitor sends 1 message/s for the measured window after a discarded warm-up. */
export async function latencyCase(
  recorder: Recorder,
  scenario: string,
  side: Side,
  endpoints: Endpoints,
  conversations: number,
  profile: Profile['latency'],
): Promise<PhaseResult> {
  const timing = { warmupMs: profile.warmupMs, measureMs: profile.measureMs, drainMs: profile.drainMs };
  const load = await MessageLoad.start(side, {
    conversations,
    perWebsite: CONVERSATIONS_PER_AGENT,
    generators: Math.ceil(conversations / PER_GENERATOR),
    ...endpoints,
  });
  try {
    const record = await recorder.measure(
      scenario,
      side.name,
      { conversations, ratePerConversation: 1, ...timing, setupMs: load.setupMs },
      async () => {
        const result = await load.phase({ ratePerConversation: 1, ...timing });
        return { metrics: phaseMetrics(result), invalid: result.invalid };
      },
    );
    return record.metrics;
  } finally {
    await load.close();
  }
}

export interface ThroughputResult {
  /** The highest offered rate with p99 ≤ 200 ms, nothing lost and the load really offered. */
  sustained: number | null;
  /** True when even the highest step passed: the figure is a lower bound. */
  capped: boolean;
  /** What ended the step-up: the server missing its marks, or the generator unable to offer the rate. */
  limitedBy: 'server' | 'generator' | 'steps';
  steps: (PhaseResult & { passed: boolean; cpuByRole: Record<string, number>; otherCores: number })[];
}

export const P99_LIMIT_MS = 200;

export function stepPassed(r: PhaseResult): boolean {
  const failedAcks = Object.values(r.ackErrors).reduce((a, b) => a + b, 0);
  return (
    r.invalid === null && r.lost === 0 && failedAcks === 0 && r.delivery.p99 !== null && r.delivery.p99 <= P99_LIMIT_MS
  );
}

/** Steps the offered rate up until p99 passes 200 ms or a message is lost. */
export async function throughputCase(
  recorder: Recorder,
  side: Side,
  endpoints: Endpoints,
  profile: Profile['throughput'],
): Promise<ThroughputResult> {
  const maxRate = profile.rates[profile.rates.length - 1];
  const load = await MessageLoad.start(side, {
    conversations: profile.conversations,
    perWebsite: CONVERSATIONS_PER_AGENT,
    generators: Math.max(1, Math.min(2, Math.ceil(maxRate / PER_GENERATOR))),
    ...endpoints,
  });
  try {
    const record = await recorder.measure(
      'throughput',
      side.name,
      { ...profile, maxSendsPerSocket: MAX_SENDS_PER_SOCKET },
      async () => {
        const steps: ThroughputResult['steps'] = [];
        let sustained: number | null = null;
        let failedAt: number | null = null;
        const step = async (rate: number) => {
          let result: PhaseResult | null = null;
          // A step the generator could not offer says nothing about the server: it gets one more try.
          for (let attempt = 0; attempt < 2 && (result === null || result.invalid !== null); attempt++) {
            const monitor = await recorder.monitor();
            result = await load.phase({
              ratePerConversation: rate / profile.conversations,
              warmupMs: steps.length === 0 ? profile.firstWarmupMs : profile.warmupMs,
              measureMs: profile.measureMs,
              drainMs: profile.drainMs,
            });
            const { cpuByRole, otherCores } = await monitor.finish();
            steps.push({ ...result, passed: stepPassed(result), cpuByRole, otherCores });
            process.stdout.write(`${rate}${stepPassed(result) ? '✓' : result.invalid ? '?' : '✗'} `);
          }
          return stepPassed(result!);
        };
        for (const rate of profile.rates) {
          if (!(await step(rate))) {
            failedAt = rate;
            break;
          }
          sustained = rate;
        }
        if (profile.refine && failedAt !== null && sustained !== null) {
          const middle = Math.round((sustained + failedAt) / 2 / 50) * 50;
          if (middle > sustained && middle < failedAt && (await step(middle))) sustained = middle;
        }
        const capped = failedAt === null;
        const last = steps[steps.length - 1];
        const limitedBy = capped ? 'steps' : last.invalid ? 'generator' : 'server';
        const metrics: ThroughputResult = { sustained, capped, limitedBy, steps };
        const lastValid = steps.filter((s) => s.invalid === null);
        const invalid = lastValid.length === 0 ? 'no step could be offered at its configured rate' : null;
        return { metrics: metrics as unknown as Record<string, unknown> & ThroughputResult, invalid };
      },
    );
    return record.metrics;
  } finally {
    await load.close();
  }
}

export interface OverloadResult extends PhaseResult {
  /** The rate the offered one is a multiple of, and where it came from. */
  sustainedBase: number;
  baseFrom: 'throughput' | 'BENCH_OVERLOAD_BASE' | 'profile';
  /** Refused with BUSY (nothing stored; the client would send again later). */
  refusedBusy: number;
  /** Failed acks other than BUSY (timeouts, INTERNAL…): should be none. */
  otherFailures: number;
  passed: boolean;
}

/**
 * Offers `factor` × the sustainable rate: the messages the server accepts keep p99 ≤ 200 ms and
 * none of them is lost; the rest are refused at once with BUSY, nothing stored.
 */
export async function overloadCase(
  recorder: Recorder,
  side: Side,
  endpoints: Endpoints,
  profile: Profile['overload'],
  sustained: number | null,
): Promise<OverloadResult> {
  const fromEnv = Number(process.env.BENCH_OVERLOAD_BASE);
  const [base, baseFrom]: [number, OverloadResult['baseFrom']] = sustained
    ? [sustained, 'throughput']
    : fromEnv > 0
      ? [fromEnv, 'BENCH_OVERLOAD_BASE']
      : [profile.fallbackSustained, 'profile'];
  const rate = Math.round((base * profile.factor) / 50) * 50;
  const load = await MessageLoad.start(side, {
    conversations: profile.conversations,
    perWebsite: CONVERSATIONS_PER_AGENT,
    generators: Math.max(1, Math.min(2, Math.ceil(rate / PER_GENERATOR))),
    ...endpoints,
  });
  try {
    const timing = { warmupMs: profile.warmupMs, measureMs: profile.measureMs, drainMs: profile.drainMs };
    const record = await recorder.measure(
      'overload',
      side.name,
      { ...profile, rate, sustainedBase: base, baseFrom, maxSendsPerSocket: MAX_SENDS_PER_SOCKET },
      async () => {
        const result = await load.phase({ ratePerConversation: rate / profile.conversations, ...timing });
        const refusedBusy = result.ackErrors.BUSY ?? 0;
        const otherFailures = Object.entries(result.ackErrors)
          .filter(([code]) => code !== 'BUSY')
          .reduce((a, [, n]) => a + n, 0);
        const passed =
          result.delivery.p99 !== null &&
          result.delivery.p99 <= P99_LIMIT_MS &&
          result.acceptedLost === 0 &&
          result.duplicates === 0 &&
          otherFailures === 0;
        const metrics: OverloadResult = {
          ...result,
          sustainedBase: base,
          baseFrom,
          refusedBusy,
          otherFailures,
          passed,
        };
        // Nothing refused: the server was not overloaded (or the generator could not offer the rate).
        const notOverloaded = refusedBusy === 0 ? 'nothing was refused: not an overload' : null;
        return {
          metrics: metrics as unknown as Record<string, unknown> & OverloadResult,
          invalid: [result.invalid, notOverloaded].filter(Boolean).join('; ') || null,
        };
      },
    );
    return record.metrics;
  } finally {
    await load.close();
  }
}
