import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const base = () => ({ ZENDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'zendo-config-')) });

describe('loadConfig', () => {
  it('applies the contract defaults', () => {
    const env = base();
    const config = loadConfig(env);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.redisUrl).toBeNull();
    expect(config.smtpUrl).toBeNull();
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('generates a JWT secret outside production and keeps it across restarts', () => {
    const env = base();
    const first = loadConfig(env).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig(env).jwtSecret).toBe(first);
    const file = join(env.ZENDO_DATA_DIR, 'jwt-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ SMTP_URL: 'nope' }, 'SMTP_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ DB_POOL_SIZE: '0' }, 'DB_POOL_SIZE'],
    [{ CORS_ORIGINS: 'https://a.example, nope' }, 'CORS_ORIGINS'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ METRICS_TOKEN: 'has a space in it somewhere' }, 'METRICS_TOKEN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ REDIS_CLUSTER_NODES: 'redis-1:6379,nope' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_URL: 'redis+cluster://a:1,b:99999' }, 'REDIS_URL'],
    [{ REDIS_ADAPTER: 'kafka' }, 'REDIS_ADAPTER'],
  ])('refuses %j naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig({ ...base(), ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('takes a Redis Cluster from REDIS_CLUSTER_NODES or a redis+cluster:// URL', () => {
    const listed = loadConfig({ ...base(), REDIS_CLUSTER_NODES: 'redis-1:7000, redis-2:7001,[::1]:7002' });
    expect(listed.redisUrl).toBeNull();
    expect(listed.redisCluster).toEqual({
      nodes: [
        { host: 'redis-1', port: 7000 },
        { host: 'redis-2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      username: null,
      password: null,
      tls: false,
    });
    const url = loadConfig({ ...base(), REDIS_URL: 'rediss+cluster://app:s%40cret@r1:7000,r2:7000' });
    expect(url.redisUrl).toBeNull();
    expect(url.redisCluster).toEqual({
      nodes: [
        { host: 'r1', port: 7000 },
        { host: 'r2', port: 7000 },
      ],
      username: 'app',
      password: 's@cret',
      tls: true,
    });
    // credentials from REDIS_URL when both are set
    const both = loadConfig({ ...base(), REDIS_URL: 'redis://:pw@r1:7000', REDIS_CLUSTER_NODES: 'r1:7000' });
    expect(both.redisCluster).toMatchObject({ password: 'pw', username: null, tls: false });
    expect(loadConfig(base())).toMatchObject({ redisCluster: null, redisAdapter: 'pubsub' });
    expect(loadConfig({ ...base(), REDIS_ADAPTER: 'streams' }).redisAdapter).toBe('streams');
  });

  it('bounds appends by queue depth, wait and expected time in overload', () => {
    expect(loadConfig(base())).toMatchObject({ appendQueueMax: 5000, appendMaxWaitMs: 2000, appendMaxPredictedMs: 15 });
    expect(loadConfig({ ...base(), APPEND_MAX_PREDICTED_MS: '0' }).appendMaxPredictedMs).toBe(0);
    expect(() => loadConfig({ ...base(), APPEND_MAX_PREDICTED_MS: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base(), APPEND_MAX_PREDICTED_MS: 'fast' })).toThrow(/APPEND_MAX_PREDICTED_MS/);
    expect(loadConfig(base()).appendOverloadAfterMs).toBe(250);
    expect(loadConfig({ ...base(), APPEND_OVERLOAD_AFTER_MS: '0' }).appendOverloadAfterMs).toBe(0);
    expect(() => loadConfig({ ...base(), APPEND_OVERLOAD_AFTER_MS: '1e9' })).toThrow(/APPEND_OVERLOAD_AFTER_MS/);
  });

  it('accepts a full valid environment', () => {
    const config = loadConfig({
      ...base(),
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/zendo',
      REDIS_URL: 'redis://redis:6379',
      JWT_SECRET: 'x'.repeat(40),
      PUBLIC_URL: 'https://chat.example.com/',
      SMTP_URL: 'smtp://mail:25',
      CORS_ORIGINS: 'https://a.example,https://b.example',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://chat.example.com',
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
  });

  it('logs JSON at info in production, readable lines in development, warnings only in tests', () => {
    const production = loadConfig({ ...base(), NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(production).toMatchObject({ logFormat: 'json', logLevel: 'info', metricsToken: null });
    expect(loadConfig(base())).toMatchObject({ logFormat: 'pretty', logLevel: 'info' });
    expect(loadConfig({ ...base(), NODE_ENV: 'test' })).toMatchObject({ logLevel: 'warn' });
    expect(loadConfig({ ...base(), LOG_FORMAT: 'JSON', LOG_LEVEL: 'Debug' })).toMatchObject({
      logFormat: 'json',
      logLevel: 'debug',
    });
    expect(loadConfig({ ...base(), METRICS_TOKEN: 'a'.repeat(24) }).metricsToken).toBe('a'.repeat(24));
  });

  it('turns the demo page on outside production, and in production only with ZENDO_DEMO=1', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig(base()).demo).toBe(true);
    expect(loadConfig({ ...base(), NODE_ENV: 'production', JWT_SECRET: secret }).demo).toBe(false);
    expect(loadConfig({ ...base(), NODE_ENV: 'production', JWT_SECRET: secret, ZENDO_DEMO: '1' }).demo).toBe(true);
  });
});
