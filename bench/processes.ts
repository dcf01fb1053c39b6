import { ChildProcess, fork, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { GeneratorCommand, GeneratorReply } from './load-protocol';

export const ROOT = join(__dirname, '..');
/** Where the Zendo under test is built (dist/src/main.js); another checkout's build can be compared. */
export const ZENDO_ROOT = process.env.BENCH_ZENDO_ROOT ?? ROOT;
/** Extra node flags for Zendo only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it under load. */
const ZENDO_NODE_FLAGS = (process.env.BENCH_ZENDO_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];
const children = new Set<ChildProcess>();

/** Every process this benchmark started ends with it, whatever happens. */
export function stopAllChildren(): void {
  for (const child of children) if (child.exitCode === null && child.pid) child.kill('SIGKILL');
}

export function childPids(): number[] {
  return [...children].filter((c) => c.exitCode === null && c.pid).map((c) => c.pid!);
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as import('node:net').AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `url` until it answers 200, or throws after `timeoutMs`. Returns the ms it took. */
export async function waitHealthy(url: string, timeoutMs: number, child?: ChildProcess): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs} ms`);
}

/** A server process of the benchmark: Zendo (compiled) or the bare relay. */
export class ServerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly startMs: number,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  static async zendo(env: Record<string, string>, logDir: string, name: string, port?: number): Promise<ServerProcess> {
    port ??= await freePort();
    const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
    const started = performance.now();
    const child = track(
      spawn(process.execPath, [...ZENDO_NODE_FLAGS, 'dist/src/main.js'], {
        cwd: ZENDO_ROOT,
        env: { ...process.env, ...env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    // Both streams write to one log, which neither ends: a crash's last words on stderr after
    // stdout closed would otherwise be a write after end (and lost).
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    child.once('exit', () => setTimeout(() => log.end(), 100));
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(`${url}/healthz`, 60_000, child);
    return new ServerProcess(child, url, performance.now() - started);
  }

  static async relay(env: Record<string, string>, logDir: string, name: string, port?: number): Promise<ServerProcess> {
    port ??= await freePort();
    const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
    const started = performance.now();
    const child = track(
      fork(join(__dirname, 'relay-server.ts'), [], {
        cwd: ROOT,
        execArgv: TS_NODE,
        env: { ...process.env, ...env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      }),
    );
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(`${url}/healthz`, 60_000, child);
    return new ServerProcess(child, url, performance.now() - started);
  }

  /** Ends the process; SIGKILL when it does not leave within `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** A load generator process, driven by commands over IPC; one reply per command. */
export class GeneratorProcess {
  private readonly child: ChildProcess;
  private pending: { resolve: (r: GeneratorReply) => void; reject: (e: Error) => void } | null = null;

  constructor(script = 'load-generator.ts') {
    this.child = track(fork(join(__dirname, script), [], { cwd: ROOT, execArgv: TS_NODE, stdio: 'inherit' }));
    this.child.on('message', (message: GeneratorReply) => {
      const pending = this.pending;
      this.pending = null;
      if (!pending) return;
      if (message.type === 'error') pending.reject(new Error(`generator: ${message.message}`));
      else pending.resolve(message);
    });
    this.child.once('exit', (code) => {
      this.pending?.reject(new Error(`generator exited with ${code}`));
      this.pending = null;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  request<R = GeneratorReply>(command: GeneratorCommand | object, timeoutMs: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        reject(new Error(`generator did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r as R);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.child.send(command);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
