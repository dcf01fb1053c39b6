import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { answersPing, sparePort } from './redis-server';

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const REDIS_CLI = process.env.REDIS_CLI_BIN ?? 'redis-cli';
const run = promisify(execFile);

/**
 * A Redis Cluster of its own: `masters` nodes of the machine's `redis-server` (7+) on spare
 * loopback ports (cluster bus ports spare too), no replicas, no persistence, the slots spread by
 * `redis-cli --cluster create`. `stop()` ends every node and removes their folder.
 */
export class RedisCluster {
  private readonly children: ChildProcess[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'zendo-redis-cluster-'));
  readonly ports: number[] = [];

  private constructor() {}

  static async start(masters = 3): Promise<RedisCluster> {
    const cluster = new RedisCluster();
    try {
      await cluster.boot(masters);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** `host:port,host:port,…`, as REDIS_CLUSTER_NODES takes it. */
  get nodes(): string {
    return this.ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  /** Runs a redis-cli command against one node; answers its output. */
  async cli(port: number, ...args: string[]): Promise<string> {
    const { stdout } = await run(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), ...args]);
    return stdout;
  }

  private async boot(masters: number): Promise<void> {
    for (let i = 0; i < masters; i++) {
      const port = await sparePort();
      const busPort = await sparePort();
      const child = spawn(
        REDIS_SERVER,
        [
          ...['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1'],
          ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`],
          ...['--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no', '--dir', this.dir],
        ],
        { stdio: 'ignore' },
      );
      this.children.push(child);
      this.ports.push(port);
    }
    const until = Date.now() + 30_000;
    for (const [i, port] of this.ports.entries()) {
      while (!(await answersPing(port))) {
        if (this.children[i].exitCode !== null) throw new Error(`redis-server on ${port} exited`);
        if (Date.now() > until) throw new Error(`redis-server on ${port} did not answer within 30 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const nodes = this.ports.map((port) => `127.0.0.1:${port}`);
    await run(REDIS_CLI, ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']);
    // Every node must know every slot's owner before clients come.
    for (const port of this.ports) {
      while (!(await this.cli(port, 'cluster', 'info')).includes('cluster_state:ok')) {
        if (Date.now() > until) throw new Error(`the cluster did not become ok within 30 s (node ${port})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
