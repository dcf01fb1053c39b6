import type { GeneratorWebsite, PhaseReport, SetupReport } from './load-protocol';
import { GeneratorProcess } from './processes';
import { Distribution, distribution } from './stats';
import type { Side } from './tenants';

/** A socket may send at most 20 events/s to Zendo; the generator keeps each under this. */
export const MAX_SENDS_PER_SOCKET = 15;

export interface PhaseResult {
  conversations: number;
  ratePerConversation: number;
  socketsPerConversation: number;
  offeredRate: number;
  achievedRate: number;
  sent: number;
  delivery: Distribution;
  ack: Distribution;
  lost: number;
  accepted: number;
  acceptedLost: number;
  duplicates: number;
  ackErrors: Record<string, number>;
  generators: number;
  generatorCpu: number[];
  sendLagP99: number | null;
  loopDelayP99: number;
  /** Why the generator could not offer the configured load, when it could not. */
  invalid: string | null;
}

export interface PhaseOptions {
  ratePerConversation: number;
  warmupMs: number;
  measureMs: number;
  drainMs: number;
}

/** Conversations spread over generator processes, whole websites each, so one clock sees both ends. */
export class MessageLoad {
  private phaseNumber = 0;

  private constructor(
    private readonly generators: GeneratorProcess[],
    readonly conversations: number,
    readonly setupMs: number,
  ) {}

  static async start(
    side: Side,
    options: { conversations: number; perWebsite: number; generators: number; visitorUrl: string; agentUrl: string },
  ): Promise<MessageLoad> {
    const websites = await side.websites(
      options.conversations,
      options.perWebsite,
      options.visitorUrl,
      options.agentUrl,
    );
    const count = Math.min(options.generators, websites.length);
    const shares: GeneratorWebsite[][] = Array.from({ length: count }, () => []);
    websites.forEach((w, i) => shares[i % count].push(w));
    const generators = shares.map(() => new GeneratorProcess());
    const started = performance.now();
    try {
      await Promise.all(
        generators.map((g, i) =>
          g.request<SetupReport>({ type: 'setup', generatorId: i + 1, websites: shares[i] }, 180_000),
        ),
      );
    } catch (error) {
      await Promise.all(generators.map((g) => g.close()));
      throw error;
    }
    return new MessageLoad(generators, options.conversations, Math.round(performance.now() - started));
  }

  get pids(): number[] {
    return this.generators.map((g) => g.pid);
  }

  async phase(options: PhaseOptions): Promise<PhaseResult> {
    const phase = ++this.phaseNumber;
    const socketsPerConversation = Math.max(1, Math.ceil(options.ratePerConversation / MAX_SENDS_PER_SOCKET));
    const timeout = options.warmupMs + options.measureMs + options.drainMs + 120_000;
    const reports = await Promise.all(
      this.generators.map((g) =>
        g.request<PhaseReport>({ type: 'run', phase, socketsPerConversation, ...options }, timeout),
      ),
    );
    const offeredRate = reports.reduce((a, r) => a + r.configuredRate, 0);
    const achievedRate = Math.round(reports.reduce((a, r) => a + r.achievedRate, 0));
    const ackErrors: Record<string, number> = {};
    for (const r of reports) for (const [k, v] of Object.entries(r.ackErrors)) ackErrors[k] = (ackErrors[k] ?? 0) + v;
    const sendLagP99 = Math.max(...reports.map((r) => r.sendLag.p99 ?? 0));
    const generatorCpu = reports.map((r) => r.cpu);
    const problems: string[] = [];
    if (achievedRate < offeredRate * 0.95) problems.push(`offered ${achievedRate}/s of ${offeredRate}/s`);
    if (sendLagP99 > 50) problems.push(`send lag p99 ${sendLagP99} ms`);
    if (Math.max(...generatorCpu) > 0.95) problems.push(`generator at ${Math.max(...generatorCpu)} of a core`);
    return {
      conversations: this.conversations,
      ratePerConversation: options.ratePerConversation,
      socketsPerConversation,
      offeredRate,
      achievedRate,
      sent: reports.reduce((a, r) => a + r.sent, 0),
      delivery: distribution(reports.flatMap((r) => r.delivery)),
      ack: distribution(reports.flatMap((r) => r.ack)),
      lost: reports.reduce((a, r) => a + r.lost, 0),
      accepted: reports.reduce((a, r) => a + r.accepted, 0),
      acceptedLost: reports.reduce((a, r) => a + r.acceptedLost, 0),
      duplicates: reports.reduce((a, r) => a + r.duplicates, 0),
      ackErrors,
      generators: reports.length,
      generatorCpu,
      sendLagP99,
      loopDelayP99: Math.max(...reports.map((r) => r.loopDelayP99)),
      invalid: problems.length ? problems.join('; ') : null,
    };
  }

  close(): Promise<void[]> {
    return Promise.all(this.generators.map((g) => g.close()));
  }
}
