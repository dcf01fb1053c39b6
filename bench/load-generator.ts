/**
 * One load generator process. Visitor and agent sockets of the same conversations live here, so
 * one clock times both ends. Sends are open loop: each conversation sends at a fixed rate with a
 * random phase, never waiting for replies, and latency is counted from the scheduled send time,
 * so a stalled server cannot hide its stall by slowing the sender down.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, Socket } from 'socket.io-client';
import type { GeneratorCommand, GeneratorReply, GeneratorWebsite, PhaseReport, SocketTarget } from './load-protocol';
import { distribution } from './stats';

interface Conversation {
  index: number;
  id: string;
  target: SocketTarget;
  sockets: Socket[];
  next: number;
  seq: number;
}

interface Sent {
  at: number;
  inWindow: boolean;
  delivered: number;
  acked: boolean;
}

const ACK_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 20_000;
const PADDING = 'Hello, I have a question about my order, could someone help me please?';

let generatorId = 0;
const conversations: Conversation[] = [];
const agents: Socket[] = [];
let phase = -1;
let sent = new Map<string, Sent>();
let delivery: number[] = [];
let ack: number[] = [];
let ackErrors: Record<string, number> = {};
let duplicates = 0;

function reply(message: GeneratorReply): void {
  process.send?.(message);
}

function connect(target: SocketTarget): Promise<Socket> {
  const socket = io(target.url, {
    path: '/socket.io/',
    transports: ['websocket'],
    auth: target.auth,
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(new Error(`connect_error ${error.message}`));
    });
  });
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pooled<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}

function onAgentMessage(payload: { message?: { body?: string } }): void {
  const body = payload?.message?.body;
  if (typeof body !== 'string' || body[0] !== '{') return;
  let parsed: { g: number; p: number; c: number; s: number };
  try {
    parsed = JSON.parse(body);
  } catch {
    return;
  }
  if (parsed.g !== generatorId || parsed.p !== phase) return;
  const entry = sent.get(`${parsed.c}:${parsed.s}`);
  if (!entry) return;
  entry.delivered += 1;
  if (entry.delivered > 1) {
    if (entry.inWindow) duplicates += 1;
    return;
  }
  if (entry.inWindow) {
    const now = performance.now();
    delivery.push(now - entry.at);
    if (process.env.BENCH_TRACE_DIR)
      trace.push(`${Math.round(performance.timeOrigin + entry.at)} ${(now - entry.at).toFixed(2)}`);
  }
}
/** With BENCH_TRACE_DIR: one line per timed delivery, `<scheduled epoch ms> <latency ms>`, to see when the tail happens. */
const trace: string[] = [];

async function setup(websites: GeneratorWebsite[]): Promise<void> {
  const started = performance.now();
  const agentSockets = await pooled(websites, 20, (w) => connect(w.agent));
  for (const socket of agentSockets) {
    socket.on('message:new', onAgentMessage);
    agents.push(socket);
  }
  const targets = websites.flatMap((w) => w.visitors);
  await pooled(targets, 50, async (target, i) => {
    const socket = await connect(target);
    const opened = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('conversation:open', {})) as {
      ok: boolean;
      conversation?: { id: string };
      error?: unknown;
    };
    if (!opened.ok || !opened.conversation) throw new Error(`conversation:open refused: ${JSON.stringify(opened)}`);
    conversations[i] = { index: i, id: opened.conversation.id, target, sockets: [socket], next: 0, seq: 0 };
  });
  reply({
    type: 'ready',
    conversations: conversations.length,
    agentSockets: agents.length,
    setupMs: Math.round(performance.now() - started),
  });
}

function send(conversation: Conversation, scheduled: number, windowStart: number, windowEnd: number): void {
  conversation.seq += 1;
  const seq = conversation.seq;
  const inWindow = scheduled >= windowStart && scheduled < windowEnd;
  const entry: Sent = { at: scheduled, inWindow, delivered: 0, acked: false };
  sent.set(`${conversation.index}:${seq}`, entry);
  const body = JSON.stringify({ g: generatorId, p: phase, c: conversation.index, s: seq, t: scheduled, x: PADDING });
  const socket = conversation.sockets[seq % conversation.sockets.length];
  const thisPhase = phase;
  socket
    .timeout(ACK_TIMEOUT_MS)
    .emit(
      'message:new',
      { conversationId: conversation.id, body, clientMessageId: randomUUID() },
      (error: Error | null, response?: { ok: boolean; error?: { code: string } }) => {
        if (thisPhase !== phase || !inWindow) return;
        const code = error ? 'ACK_TIMEOUT' : response?.ok ? null : (response?.error?.code ?? 'UNKNOWN');
        if (code) {
          ackErrors[code] = (ackErrors[code] ?? 0) + 1;
          return;
        }
        entry.acked = true;
        ack.push(performance.now() - scheduled);
      },
    );
}

async function run(command: Extract<GeneratorCommand, { type: 'run' }>): Promise<void> {
  // Extra sockets per conversation keep each socket under the server's per-socket event limit.
  const missing = conversations.filter((c) => c.sockets.length < command.socketsPerConversation);
  await pooled(missing, 50, async (c) => {
    while (c.sockets.length < command.socketsPerConversation) c.sockets.push(await connect(c.target));
  });

  phase = command.phase;
  sent = new Map();
  delivery = [];
  ack = [];
  ackErrors = {};
  duplicates = 0;
  const lags: number[] = [];

  const interval = 1000 / command.ratePerConversation;
  const order = conversations.map((c) => ({ c, offset: Math.random() * interval })).sort((a, b) => a.offset - b.offset);
  const start = performance.now() + 20;
  const windowStart = start + command.warmupMs;
  const windowEnd = windowStart + command.measureMs;
  let cursor = 0;
  let cycle = 0;
  const scheduledAt = () => start + order[cursor].offset + cycle * interval;

  const loop = monitorEventLoopDelay({ resolution: 5 });
  let cpuStart = process.cpuUsage();
  let cpuWindowStarted = false;

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (!cpuWindowStarted && now >= windowStart) {
        cpuWindowStarted = true;
        cpuStart = process.cpuUsage();
        loop.enable();
      }
      let at = scheduledAt();
      while (at <= now && at < windowEnd) {
        send(order[cursor].c, at, windowStart, windowEnd);
        if (at >= windowStart) lags.push(now - at);
        cursor += 1;
        if (cursor === order.length) {
          cursor = 0;
          cycle += 1;
        }
        at = scheduledAt();
      }
      if (at >= windowEnd) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, Math.min(at - now, 10)));
    };
    setTimeout(tick, 20);
  });
  const cpu = process.cpuUsage(cpuStart);
  loop.disable();
  const windowMs = performance.now() - windowStart;

  const inWindow = [...sent.values()].filter((e) => e.inWindow);
  const deadline = performance.now() + command.drainMs;
  while (performance.now() < deadline && inWindow.some((e) => e.delivered === 0 || !e.acked)) {
    const failedAcks = Object.values(ackErrors).reduce((a, b) => a + b, 0);
    if (inWindow.every((e) => e.delivered > 0) && ack.length + failedAcks >= inWindow.length) break;
    await new Promise((r) => setTimeout(r, 25));
  }

  const report: PhaseReport = {
    type: 'phase',
    phase: command.phase,
    configuredRate: command.ratePerConversation * conversations.length,
    achievedRate: Math.round((inWindow.length / command.measureMs) * 1000 * 10) / 10,
    sent: inWindow.length,
    windowMs: Math.round(windowMs),
    sendLag: distribution(lags),
    delivery,
    ack,
    lost: inWindow.filter((e) => e.delivered === 0).length,
    accepted: inWindow.filter((e) => e.acked).length,
    acceptedLost: inWindow.filter((e) => e.acked && e.delivered === 0).length,
    duplicates,
    ackErrors,
    cpu: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, windowMs)) * 100) / 100,
    loopDelayP99: Math.round((loop.percentile(99) / 1e6) * 10) / 10,
  };
  phase = -1;
  if (process.env.BENCH_TRACE_DIR) {
    const file = join(process.env.BENCH_TRACE_DIR, `g${generatorId}-p${command.phase}-${process.pid}.txt`);
    writeFileSync(file, trace.join('\n') + '\n');
    trace.length = 0;
  }
  reply(report);
}

process.on('message', (command: GeneratorCommand) => {
  const handle = async () => {
    if (command.type === 'setup') {
      generatorId = command.generatorId;
      await setup(command.websites);
    } else if (command.type === 'run') {
      await run(command);
    } else {
      for (const s of [...agents, ...conversations.flatMap((c) => c.sockets)]) s.disconnect();
      process.exit(0);
    }
  };
  handle().catch((error: unknown) => reply({ type: 'error', message: String((error as Error)?.stack ?? error) }));
});
process.on('disconnect', () => process.exit(0));
