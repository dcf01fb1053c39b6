import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseRecord } from './recorder';
import { ratio } from './stats';

export interface SummaryRow {
  scenario: string;
  metric: string;
  baseline: number | string | null;
  zendo: number | string | null;
  /** zendo / baseline; for throughput-like figures above 1 is better, for times below 1 is. */
  ratio: number | null;
  flags: string[];
  note?: string;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  profile: string;
  machine: Record<string, unknown>;
  postgres: Record<string, unknown>;
  zendo: Record<string, unknown>;
  /** The scenarios run when BENCH_ONLY chose some; empty for a whole run. */
  only: string[];
  cases: CaseRecord[];
  summary: SummaryRow[];
}

const RESULTS = join(__dirname, 'results');

type Metrics = Record<string, unknown>;

function find(cases: CaseRecord[], scenario: string, target: string): CaseRecord | undefined {
  return cases.find((c) => c.scenario === scenario && c.target === target);
}

function pick(record: CaseRecord | undefined, path: string): number | null {
  let value: unknown = record?.metrics;
  for (const key of path.split('.')) value = (value as Metrics | undefined)?.[key];
  return typeof value === 'number' ? value : null;
}

function flagsOf(...records: (CaseRecord | undefined)[]): string[] {
  const flags = new Set<string>();
  for (const r of records) for (const f of r?.flags ?? []) flags.add(`${f}(${r!.target})`);
  return [...flags];
}

/** A row comparing one metric of the baseline case with the same metric of Zendo's. */
function compare(
  cases: CaseRecord[],
  scenario: string,
  metric: string,
  path: string,
  baselineTarget = 'relay',
  zendoPath = path,
): SummaryRow | null {
  const base = find(cases, scenario, baselineTarget);
  const zendo = find(cases, scenario, 'zendo');
  if (!base && !zendo) return null;
  const b = pick(base, path);
  const z = pick(zendo, zendoPath);
  return { scenario, metric, baseline: b, zendo: z, ratio: ratio(z, b), flags: flagsOf(base, zendo) };
}

function lossText(record: CaseRecord | undefined): string | null {
  if (!record) return null;
  const m = record.metrics as { lost?: number; duplicates?: number; ackErrors?: Record<string, number> };
  const errors = Object.entries(m.ackErrors ?? {})
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');
  return `${m.lost ?? 0} / ${m.duplicates ?? 0}${errors ? ` (${errors})` : ''}`;
}

export function summarise(cases: CaseRecord[]): SummaryRow[] {
  const rows: (SummaryRow | null)[] = [];
  for (const scenario of [...new Set(cases.map((c) => c.scenario))]) {
    if (scenario.startsWith('latency-') || scenario === 'fanout-500') {
      for (const p of ['p50', 'p95', 'p99', 'max']) {
        rows.push(compare(cases, scenario, `delivery ${p} (ms)`, `delivery.${p}`));
      }
      rows.push(compare(cases, scenario, 'ack p99 (ms)', 'ack.p99'));
      rows.push(compare(cases, scenario, 'offered msgs/s', 'achievedRate'));
      const base = find(cases, scenario, 'relay');
      const zendo = find(cases, scenario, 'zendo');
      rows.push({
        scenario,
        metric: 'lost / duplicated',
        baseline: lossText(base),
        zendo: lossText(zendo),
        ratio: null,
        flags: flagsOf(base, zendo),
      });
    }
  }
  const base = find(cases, 'throughput', 'relay');
  const zendo = find(cases, 'throughput', 'zendo');
  if (base || zendo) {
    const row = compare(cases, 'throughput', 'sustained msgs/s (p99 ≤ 200 ms, none lost)', 'sustained');
    if (row) {
      const capped = [base, zendo].filter((r) => (r?.metrics as { capped?: boolean })?.capped).map((r) => r!.target);
      const notes = capped.map((t) => `${t}: passed every step, a lower bound`);
      for (const r of [base, zendo]) {
        if ((r?.metrics as { limitedBy?: string })?.limitedBy === 'generator')
          notes.push(`${r!.target}: limited by the generator`);
      }
      if (notes.length) row.note = notes.join('; ');
      rows.push(row);
    }
  }
  rows.push(...overloadRows(cases));
  const pgSingle = cases.find((c) => c.scenario === 'pg' && c.params.script === 'single-row INSERT');
  for (const c of cases.filter((c) => c.scenario === 'pg')) {
    const perSecond = c.params.script === '10-row INSERT' ? 'rowsPerSecond' : 'tps';
    rows.push({
      scenario: 'pg',
      metric: `${c.params.script} ${perSecond === 'tps' ? 'tx/s' : 'rows/s'} (${c.params.clients} clients)`,
      baseline: pick(c, perSecond),
      zendo: null,
      ratio: null,
      flags: flagsOf(c),
      note: c.params.script === 'single-row INSERT' ? 'the database limit for one message per transaction' : undefined,
    });
  }
  if (pgSingle && zendo) {
    const z = pick(zendo, 'sustained');
    const p = pick(pgSingle, 'tps');
    rows.push({
      scenario: 'throughput',
      metric: 'Zendo sustained vs pg single-row INSERT tx/s',
      baseline: p,
      zendo: z,
      ratio: ratio(z, p),
      flags: flagsOf(pgSingle, zendo),
    });
  }
  rows.push(...searchRows(cases), ...connectionRows(cases), ...pageRows(cases), ...targetRows(cases));
  return rows.filter((r): r is SummaryRow => r !== null);
}

/** Zendo alone (the relay has no queue to bound): what it accepted, what it refused, and how fast. */
function overloadRows(cases: CaseRecord[]): SummaryRow[] {
  const record = find(cases, 'overload', 'zendo');
  if (!record) return [];
  const m = record.metrics as {
    offeredRate?: number;
    achievedRate?: number;
    sustainedBase?: number;
    baseFrom?: string;
    accepted?: number;
    refusedBusy?: number;
    otherFailures?: number;
    acceptedLost?: number;
    passed?: boolean;
    delivery?: { p99: number | null };
    ack?: { p99: number | null };
  };
  const row = (metric: string, zendo: number | string | null, note?: string): SummaryRow => ({
    scenario: 'overload',
    metric,
    baseline: null,
    zendo,
    ratio: null,
    flags: flagsOf(record),
    note,
  });
  return [
    row('offered msgs/s', m.achievedRate ?? null, `asked ${m.offeredRate} = 2× ${m.sustainedBase} (${m.baseFrom})`),
    row('accepted (stored, acked ok)', m.accepted ?? null),
    row('refused BUSY (nothing stored)', m.refusedBusy ?? null),
    row('other failed acks (goal 0)', m.otherFailures ?? null),
    row('accepted then lost (goal 0)', m.acceptedLost ?? null),
    row('accepted delivery p99 (ms; goal ≤ 200)', m.delivery?.p99 ?? null),
    row('accepted ack p99 (ms)', m.ack?.p99 ?? null),
    row(`accepted p99 ≤ 200 ms, none lost, the rest BUSY: ${m.passed ? 'MET' : 'NOT MET'}`, null),
  ];
}

/** The issue's two targets, as ratios to the relay measured in the same run. */
function searchRows(cases: CaseRecord[]): (SummaryRow | null)[] {
  const zendo = find(cases, 'search', 'zendo');
  if (!zendo) return [];
  const messages = (zendo.params as { messages?: number }).messages ?? 0;
  return [
    compare(
      cases,
      'search',
      `p50 of 20 queries over ${messages} messages (ms; baseline: ILIKE, SQL only)`,
      'p50',
      'ilike',
    ),
    compare(cases, 'search', 'p95 (ms; goal ≤ 50)', 'p95', 'ilike'),
    compare(cases, 'search', 'max (ms)', 'max', 'ilike'),
  ];
}

function targetRows(cases: CaseRecord[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const throughput = compare(cases, 'throughput', '', 'sustained');
  if (throughput?.ratio !== null && throughput?.ratio !== undefined) {
    const capped = (target: string) =>
      (find(cases, 'throughput', target)?.metrics as { capped?: boolean } | undefined)?.capped === true;
    // A side that passed every step has a higher limit than measured: its figure is a lower bound.
    const verdict =
      capped('relay') && capped('zendo')
        ? 'INCONCLUSIVE (both passed every step)'
        : capped('zendo') && throughput.ratio >= 0.8
          ? 'MET (Zendo passed every step)'
          : capped('relay') && throughput.ratio < 0.8
            ? 'NOT MET (the relay passed every step)'
            : capped('relay') || capped('zendo')
              ? 'INCONCLUSIVE (one side passed every step)'
              : throughput.ratio >= 0.8
                ? 'MET'
                : 'NOT MET';
    rows.push({
      ...throughput,
      scenario: 'target',
      metric: `persisted throughput ≥ 0.8× relay: ${throughput.flags.length ? `${verdict}, but flagged: not conclusive` : verdict}`,
    });
  }
  const latency = compare(cases, 'latency-1000', '', 'delivery.p99');
  if (latency?.ratio !== null && latency?.ratio !== undefined) {
    rows.push({
      ...latency,
      scenario: 'target',
      metric: `latency p99 at 1,000 conversations ≤ 3× relay: ${latency.ratio <= 3 ? 'MET' : 'NOT MET'}${
        latency.flags.length ? ', but flagged: not conclusive' : ''
      }`,
    });
  }
  return rows;
}

/** connect_error messages after the restart that came from the server (not the client's own transport errors). */
function refusals(record: CaseRecord | undefined): string | null {
  const errors = (record?.metrics as { connectErrors?: Record<string, number> } | undefined)?.connectErrors;
  if (!errors) return null;
  const server = Object.entries(errors).filter(([code]) => /^[A-Z_]+$/.test(code));
  return server.length ? server.map(([code, n]) => `${code}×${n}`).join(' ') : '0';
}

function connectionRows(cases: CaseRecord[]): (SummaryRow | null)[] {
  const restartBase = find(cases, 'restart', 'relay');
  const restartZendo = find(cases, 'restart', 'zendo');
  const messages = (r: CaseRecord | undefined) => {
    const m = (r?.metrics as { messages?: Record<string, number | boolean> } | undefined)?.messages;
    if (!m) return null;
    return `${m.lost} lost / ${m.storedTwice} stored twice of ${m.created} (${m.recoveredByCatchUp} via catch-up, ${m.pendingAtEnd} unsent: socket not back)`;
  };
  return [
    compare(cases, 'connections', 'connect rate (sockets/s)', 'connectRate'),
    compare(cases, 'connections', 'handshake p99 (ms)', 'handshake.p99'),
    compare(cases, 'connections', 'server RSS per socket (KiB)', 'rssPerSocketKiB'),
    compare(cases, 'connections', 'sockets connected', 'connected'),
    compare(cases, 'restart', 'stop → healthy again (ms)', 'upMs'),
    compare(cases, 'restart', 'stop → 99% of sockets back (ms; – = not within the wait)', 'back99Ms'),
    compare(cases, 'restart', 'share of sockets back at the end of the wait (%)', 'backShare'),
    compare(cases, 'restart', 'reconnect p50 after stop (ms)', 'reconnect.p50'),
    restartBase || restartZendo
      ? {
          scenario: 'restart',
          metric: 'handshakes refused by the server after the stop (by code; goal: none but retryable BUSY)',
          baseline: refusals(restartBase),
          zendo: refusals(restartZendo),
          ratio: null,
          flags: flagsOf(restartBase, restartZendo),
        }
      : null,
    restartBase || restartZendo
      ? {
          scenario: 'restart',
          metric: 'messages across the restart',
          baseline: restartBase ? 'n/a (no history)' : null,
          zendo: messages(restartZendo),
          ratio: null,
          flags: flagsOf(restartBase, restartZendo),
        }
      : null,
  ];
}

function pageRows(cases: CaseRecord[]): (SummaryRow | null)[] {
  const bytes = find(cases, 'widget-bytes', 'zendo');
  const rows: (SummaryRow | null)[] = [];
  if (bytes) {
    const bare = pick(bytes, 'bareSocketIoClientGzip');
    for (const [metric, path, budget] of [
      ['loader gzip bytes', 'loaderGzip', 3000],
      ['first open gzip bytes', 'firstOpenGzip', 20_000],
    ] as const) {
      const z = pick(bytes, path);
      rows.push({
        scenario: 'widget',
        metric: `${metric} (baseline: socket.io-client min bundle; budget ${budget})`,
        baseline: bare,
        zendo: z,
        ratio: ratio(z, bare),
        flags: flagsOf(bytes),
      });
    }
  }
  rows.push(
    compare(
      cases,
      'widget-visible',
      "launcher visible, median ms (baseline: the page's own button)",
      'medianMs',
      'page alone',
    ),
  );
  for (const [metric, path] of [
    ['host page bytes before any open (CPU 4x slower)', 'transferredBytes'],
    ['host page blocking ms before any open (CPU 4x slower)', 'blockingMs'],
  ] as const) {
    rows.push(compare(cases, 'widget-cost', `${metric} (baseline: the page alone)`, path, 'page alone'));
  }
  const open = find(cases, 'widget-open', 'zendo');
  if (open) {
    rows.push({
      scenario: 'widget-open',
      metric: 'first open on a warm cache, median ms (goal < 100)',
      baseline: null,
      zendo: pick(open, 'medianMs'),
      ratio: null,
      flags: flagsOf(open),
    });
  }
  const consoleBytes = find(cases, 'console-bytes', 'zendo');
  if (consoleBytes) {
    rows.push({
      scenario: 'console',
      metric: 'initial JS gzip bytes (script + modulepreload; budget 350 kB raw warning)',
      baseline: null,
      zendo: pick(consoleBytes, 'initialGzip'),
      ratio: null,
      flags: flagsOf(consoleBytes),
    });
  }
  rows.push(
    compare(
      cases,
      'start',
      'process start → healthy, median ms (baseline: bare socket.io)',
      'medianMs',
      'bare socket.io',
    ),
  );
  return rows;
}

function cell(value: number | string | null): string {
  if (value === null) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return value;
}

export function markdown(results: BenchResults): string {
  const m = results.machine as { node: string; cpus: number; loadavg: number[] };
  const head = [
    `Zendo bench, ${results.profile} run, ${results.startedAt}: node ${m.node}, ${m.cpus} CPUs,`,
    `load average at start ${m.loadavg.join(' ')}; PostgreSQL ${results.postgres.version}`,
    `(synchronous_commit=${(results.postgres.settings as Record<string, string>).synchronous_commit}).`,
    'Baseline: the bare Socket.IO relay (bench/relay-server.ts) or the named reference, measured in the same run.',
    'Ratio = Zendo / baseline.',
    '',
    '| scenario | metric | baseline | Zendo | ratio | flags |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  ];
  const lines = results.summary.map(
    (r) =>
      `| ${r.scenario} | ${r.metric}${r.note ? ` (${r.note})` : ''} | ${cell(r.baseline)} | ${cell(r.zendo)} | ${cell(r.ratio)} | ${r.flags.join(' ')} |`,
  );
  const cases = [
    '',
    'Each case: the load average before it, the cores other work used during it (NOISY above 0.3),',
    "and the cores the benchmark's own processes used.",
    '',
    '| case | target | load avg before | other work | own processes (cores) | flags |',
    '| --- | --- | --- | ---: | --- | --- |',
    ...results.cases.map(
      (c) =>
        `| ${c.scenario} | ${c.target} | ${c.quiet.loadavgBefore.join(' ')} | ${c.quiet.otherCores} | ${Object.entries(
          c.quiet.cpuByRole,
        )
          .filter(([, v]) => v >= 0.01)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} | ${[...c.flags, ...c.notes].join('; ')} |`,
    ),
  ];
  return [...head, ...lines, ...cases, ''].join('\n');
}

/**
 * Writes <stamp>.json/.md and copies them to latest.* (a quick run: <stamp>-quick.* and
 * latest-quick.*, so latest.* is always the last full run; a run of some scenarios only
 * (BENCH_ONLY) writes <stamp>-only.* and leaves latest.* alone). Returns the Markdown table.
 */
export function writeResults(
  results: BenchResults,
  stamp: string,
  partial: boolean,
): { table: string; files: string[] } {
  results.summary = summarise(results.cases);
  mkdirSync(RESULTS, { recursive: true });
  const table = markdown(results);
  const suffix = `${results.profile === 'quick' ? '-quick' : ''}${partial ? '-only' : ''}`;
  const json = join(RESULTS, `${stamp}${suffix}.json`);
  const md = join(RESULTS, `${stamp}${suffix}.md`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(md, table);
  if (partial) return { table, files: [json, md] };
  const latestJson = join(RESULTS, `latest${suffix}.json`);
  const latestMd = join(RESULTS, `latest${suffix}.md`);
  copyFileSync(json, latestJson);
  copyFileSync(md, latestMd);
  return { table, files: [json, md, latestJson, latestMd] };
}
