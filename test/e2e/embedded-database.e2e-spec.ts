import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

const main = resolve(__dirname, '../../dist/src/main.js');

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitForHealthy(url: string, child: ChildProcess, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy');
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) =>
    child.exitCode !== null ? done(child.exitCode) : child.once('exit', (code) => done(code)),
  );
}

describe('the compiled server', () => {
  beforeAll(() => {
    if (!existsSync(main)) throw new Error(`${main} is missing: run make build (make test does) first`);
  });

  it('starts its own PostgreSQL without DATABASE_URL, answers /healthz, and stops it on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zendo-embedded-'));
    const [port, pgPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      ZENDO_DATA_DIR: dataDir,
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    env.NODE_ENV = 'development';
    const logs: string[] = [];
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => logs.push(String(d)));
    child.stderr!.on('data', (d) => logs.push(String(d)));
    try {
      const ms = await waitForHealthy(`http://127.0.0.1:${port}`, child, 90_000);
      console.info(`embedded PostgreSQL: first start healthy in ${ms} ms`);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await res.json()).toMatchObject({ status: 'ok', checks: { database: 'up' } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    expect(logs.join('')).toMatch(/PostgreSQL stopped/);
    // the cluster is down: pg_ctl status for its data folder reports no server
    const location = existsSync(join(dataDir, 'pg-location'))
      ? readFileSync(join(dataDir, 'pg-location'), 'utf8').trim()
      : join(dataDir, 'pg');
    expect(existsSync(join(location, 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(location, 'postmaster.pid'))).toBe(false);

    // a second start reuses the cluster and is faster
    const again = spawn(process.execPath, [main], { env, stdio: 'ignore' });
    try {
      const ms = await waitForHealthy(`http://127.0.0.1:${port}`, again, 60_000);
      console.info(`embedded PostgreSQL: second start healthy in ${ms} ms`);
    } finally {
      again.kill('SIGTERM');
    }
    expect(await exited(again)).toBe(0);

    // a stop asked for the moment it listens, before its start has finished, is still a clean stop
    const third = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    let asked = false;
    third.stdout!.on('data', (d) => {
      said += String(d);
      if (!asked && /listening on/.test(said)) asked = third.kill('SIGTERM');
    });
    expect(await exited(third)).toBe(0);
    expect(said).toMatch(/PostgreSQL stopped/);
    expect(existsSync(join(location, 'postmaster.pid'))).toBe(false);
    rmSync(location, { recursive: true, force: true });
  });

  it('refuses a bad setting with one line naming the variable', () => {
    const result = spawnSync(process.execPath, [main], {
      env: { ...process.env, PORT: 'eighty', ZENDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'zendo-bad-')) },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT /);
  });
});
