import { Client } from 'pg';
import { CaseMonitor, Quietness, processTree } from './machine';

export type Flag = 'NOISY' | 'INVALID';

export interface CaseRecord {
  scenario: string;
  target: string;
  startedAt: string;
  durationMs: number;
  quiet: Quietness;
  flags: Flag[];
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  /** Why a flag was set. */
  notes: string[];
}

/**
 * Runs each case under a CaseMonitor and keeps its record. The benchmark's own processes are its
 * process tree plus the PostgreSQL backends serving its database.
 */
export class Recorder {
  readonly cases: CaseRecord[] = [];
  private backends: number[] = [];

  constructor(
    private readonly admin: Client,
    private readonly databaseName: string,
  ) {}

  private async refreshBackends(): Promise<void> {
    const { rows } = await this.admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE datname = $1 OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`,
      [this.databaseName],
    );
    this.backends = rows.map((r) => r.pid);
  }

  private ownPids = () => [...processTree(process.pid), ...this.backends];

  /** A monitor for part of a case (one throughput step), to see which processes used the CPU. */
  async monitor(): Promise<{ finish(): Promise<Quietness> }> {
    await this.refreshBackends();
    const monitor = new CaseMonitor(this.ownPids);
    return {
      finish: async () => {
        await this.refreshBackends();
        return monitor.finish();
      },
    };
  }

  async measure<M extends Record<string, unknown>>(
    scenario: string,
    target: string,
    params: Record<string, unknown>,
    work: () => Promise<{ metrics: M; invalid?: string | null }>,
    options: {
      /** False for figures that do not depend on timing (byte counts): never NOISY. */
      timed?: boolean;
      /** The case runs short-lived child processes: count their CPU once they have exited. */
      reapedChildren?: boolean;
    } = {},
  ): Promise<CaseRecord & { metrics: M }> {
    const { timed = true, reapedChildren = false } = options;
    await this.refreshBackends();
    const monitor = new CaseMonitor(this.ownPids, reapedChildren);
    const refresher = setInterval(() => void this.refreshBackends().catch(() => undefined), 400);
    const startedAt = new Date();
    const started = performance.now();
    process.stdout.write(`  ${scenario} / ${target} … `);
    let outcome: { metrics: M; invalid?: string | null };
    try {
      outcome = await work();
    } finally {
      clearInterval(refresher);
    }
    const { metrics, invalid } = outcome;
    await this.refreshBackends();
    const quiet = monitor.finish();
    const flags: Flag[] = [];
    const notes: string[] = [];
    if (quiet.noisy && timed) {
      flags.push('NOISY');
      notes.push(`other processes used ${quiet.otherCores} cores`);
    }
    if (invalid) {
      flags.push('INVALID');
      notes.push(invalid);
    }
    const record = {
      scenario,
      target,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      quiet,
      flags,
      params,
      metrics,
      notes,
    };
    this.cases.push(record);
    console.log(
      `${(record.durationMs / 1000).toFixed(1)} s, other work ${quiet.otherCores} cores${flags.length ? ` [${flags.join(', ')}]` : ''}`,
    );
    return record;
  }
}
