import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** The first three fields of /proc/loadavg. */
export function loadAverage(): [number, number, number] {
  const [a, b, c] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [a, b, c];
}

export function machineInfo() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadavg: loadAverage(),
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = fields[3] + fields[4];
  return { busy: total - idle, total };
}

/**
 * utime + stime of one process, in jiffies; 0 when it is gone. With `reaped`, also the CPU of
 * children it has waited for (cutime + cstime): Chromium's renderers live for one page load,
 * too briefly to be sampled, and are counted this way.
 */
export function processTicks(pid: number, reaped = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return reaped ? own + Number(fields[13]) + Number(fields[14]) : own;
  } catch {
    return 0;
  }
}

function parentPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** The process and every descendant, from the parent ids in /proc/<pid>/stat. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(parent) ?? [];
      list.push(Number(entry));
      children.set(parent, list);
    } catch {
      // the process ended while we looked
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i]) ?? []));
  return found;
}

export function rssKiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** What a process of the benchmark is, from its command line. */
function roleOf(pid: number): string {
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return 'gone';
  }
  if (cmdline.includes('dist/src/main.js')) return 'zendo';
  if (cmdline.includes('relay-server')) return 'relay';
  if (cmdline.includes('generator')) return 'generator';
  if (cmdline.includes('pgbench')) return 'pgbench';
  if (cmdline.startsWith('postgres')) return 'postgres';
  if (cmdline.includes('chrom')) return 'chromium';
  return 'bench';
}

export interface Quietness {
  loadavgBefore: [number, number, number];
  /** Cores used on average during the case by each kind of process of the benchmark. */
  cpuByRole: Record<string, number>;
  /** Cores used on average by processes that are not this benchmark's during the case. */
  otherCores: number;
  ownCores: number;
  noisy: boolean;
}

/** Above this many cores used by other work during a case, its figures are marked NOISY. */
export const NOISY_OTHER_CORES = 0.3;

/**
 * Watches one case. The load average before it is recorded as asked, but it cannot tell our own
 * previous case from other work, so NOISY is decided by the CPU time other processes used during
 * the case: machine busy time minus the benchmark's processes (and its database backends), which
 * are sampled four times a second so short-lived ones (pgbench connections) are counted too.
 */
export class CaseMonitor {
  private readonly loadavgBefore = loadAverage();
  private readonly machineStart = machineTicks();
  private readonly startTicks = new Map<number, number>();
  private readonly lastTicks = new Map<number, number>();
  private readonly roles = new Map<number, string>();
  private readonly parentOf = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly reapedStart: number;

  private reaped(): number {
    return this.reapedChildren ? processTicks(process.pid, true) - processTicks(process.pid) : 0;
  }

  /**
   * `reapedChildren`: also count the CPU of this process's children that exited during the case
   * (for cases made of short-lived children, such as timing process starts).
   */
  constructor(
    private readonly ownPids: () => number[],
    private readonly reapedChildren = false,
  ) {
    this.reapedStart = this.reaped();
    for (const pid of ownPids()) {
      this.roles.set(pid, roleOf(pid));
      this.startTicks.set(pid, processTicks(pid, this.roles.get(pid) === 'chromium'));
    }
    this.timer = setInterval(() => this.sample(), 250);
  }

  private sample(): void {
    for (const pid of this.ownPids()) {
      if (!this.roles.has(pid)) {
        this.roles.set(pid, roleOf(pid));
        this.parentOf.set(pid, parentPid(pid));
      }
      const ticks = processTicks(pid, this.roles.get(pid) === 'chromium');
      if (ticks > 0) this.lastTicks.set(pid, ticks);
      if (!this.startTicks.has(pid)) this.startTicks.set(pid, 0);
    }
  }

  finish(): Quietness {
    clearInterval(this.timer);
    this.sample();
    const machine = machineTicks();
    let own = this.reaped() - this.reapedStart;
    const byRole: Record<string, number> = own > 0 ? { children: own } : {};
    for (const [pid, ticks] of this.lastTicks) {
      const role = this.roles.get(pid) ?? 'bench';
      // A process gone by now whose parent has reaped it is in the parent's count already.
      const inParent = role === 'chromium' || (this.reapedChildren && this.parentOf.get(pid) === process.pid);
      if (inParent && processTicks(pid) === 0) continue;
      const used = Math.max(0, ticks - (this.startTicks.get(pid) ?? 0));
      own += used;
      byRole[role] = (byRole[role] ?? 0) + used;
    }
    const elapsed = machine.total - this.machineStart.total;
    const busy = machine.busy - this.machineStart.busy;
    const cores = cpus().length;
    const share = (ticks: number) => (elapsed > 0 ? Math.round(((ticks * cores) / elapsed) * 100) / 100 : 0);
    const otherCores = Math.max(0, share(busy - own));
    const cpuByRole = Object.fromEntries(Object.entries(byRole).map(([role, ticks]) => [role, share(ticks)]));
    return {
      loadavgBefore: this.loadavgBefore,
      cpuByRole,
      otherCores,
      ownCores: share(own),
      noisy: otherCores > NOISY_OTHER_CORES,
    };
  }
}
