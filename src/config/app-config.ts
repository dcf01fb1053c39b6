import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseS3Url, S3Settings } from './s3-url';

/** The typed configuration every module reads; built once at boot from the environment. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** Set after boot when the embedded database is used. */
  databaseUrl: string | null;
  redisUrl: string | null;
  /**
   * A Redis Cluster instead of one Redis (REDIS_CLUSTER_NODES=host:port,host:port, or REDIS_URL
   * `redis+cluster://host:port,host:port`); `redisUrl` is null then. Fan-out uses sharded pub/sub.
   */
  redisCluster: RedisClusterConfig | null;
  /** How instances pass events: Redis pub/sub (the default) or Redis streams (REDIS_ADAPTER). */
  redisAdapter: 'pubsub' | 'streams';
  jwtSecret: string;
  publicUrl: string;
  smtpUrl: string | null;
  /** Folder for local state: the embedded database, the generated JWT secret. */
  dataDir: string;
  dbPoolSize: number;
  embeddedPgPort: number;
  /** Extra origins allowed to call the agent API cross-origin (same-origin always works). */
  corsOrigins: string[];
  keyRotationGraceHours: number;
  /** Login/signup attempts per minute, per IP and per email. */
  authRateLimit: number;
  /** Socket handshakes per minute per client IP. */
  wsConnectRateLimit: number;
  /** Prefix of every Redis key and channel, so deployments can share a Redis. */
  redisPrefix: string;
  /** How long an agent whose last socket closed stays online (a reload does not flap). */
  presenceGraceMs: number;
  /** An instance that has not refreshed its presence heartbeat for this long is taken for dead. */
  presenceTtlSeconds: number;
  /**
   * Which proxies to believe about the client address (X-Forwarded-For): a hop count, or
   * addresses and CIDRs as Express takes them (`loopback`, `10.0.0.0/8`). null: none, the peer is the client.
   */
  trustProxy: number | string | null;
  /** Invites (sent or resent) per website per hour. */
  invitesPerHour: number;
  /** Abuse limits (see README "Limits"). */
  /** A login session's absolute lifetime, however often it is refreshed (SESSION_MAX_DAYS). */
  sessionMaxMs: number;
  /** How often the retention purge runs (once per cluster); 0 turns it off. */
  retentionSweepMs: number;
  /** Largest attachment accepted, in bytes (ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes: number;
  /** Where attachment files are kept (ATTACHMENTS_DIR; every instance must see the same folder). */
  attachmentsDir: string;
  /** When set (S3_URL), attachments are kept in S3-compatible storage instead of ATTACHMENTS_DIR. */
  s3: S3Settings | null;
  limits: {
    /** Messages (and opens) per visitor per second, across all their sockets, sustained… */
    visitorMessagesPerSecond: number;
    /** …and in a burst. */
    visitorMessageBurst: number;
    visitorConversationsPerHour: number;
    /** New visitors per client address per minute. */
    newVisitorsPerMinute: number;
    /** Failed logins per email and client address together per 15 minutes. */
    loginFailures: number;
    /** Password-reset mails per email address per hour. */
    passwordResetsPerHour: number;
    /** Files a visitor may upload per hour. */
    visitorAttachmentsPerHour: number;
  };
  /** How long a message may stay unread (agents) or unseen (visitors) before it is mailed. */
  notifyAfterSeconds: number;
  /** How often the outbox looks for mail that is due. */
  outboxPollMs: number;
  /** `/demo`, a sample page with the widget: on outside production, or with ZENDO_DEMO=1. */
  demo: boolean;
  /** The first wait after a failed send; it doubles with each attempt (up to an hour). */
  outboxRetryMs: number;
  /** When set, `GET /metrics` requires `Authorization: Bearer <metricsToken>` (METRICS_TOKEN). */
  metricsToken: string | null;
  /** The lowest level logged (LOG_LEVEL); `silent` logs nothing. */
  logLevel: LogLevel;
  /** JSON lines (production default) or one readable line per entry (LOG_FORMAT). */
  logFormat: 'json' | 'pretty';
  /** Appends waiting for the database beyond which new ones are refused BUSY (APPEND_QUEUE_MAX). */
  appendQueueMax: number;
  /** How long an append may wait for its batch before it is refused BUSY, unstored (APPEND_MAX_WAIT_MS). */
  appendMaxWaitMs: number;
  /**
   * How long an append may be expected to take (the batches ahead of it and its own, at what recent
   * batches cost) before it is refused BUSY at once, unstored, in overload (appendOverloadAfterMs);
   * 0 turns it off (APPEND_MAX_PREDICTED_MS).
   */
  appendMaxPredictedMs: number;
  /**
   * How long a standing queue (every batch full, appends left behind) must last before
   * appendMaxPredictedMs refuses anything; 0 lets it refuse at any time (APPEND_OVERLOAD_AFTER_MS).
   */
  appendOverloadAfterMs: number;
  /** Append batches written side by side, each for its own share of the conversations (APPEND_LANES). */
  appendLanes: number;
  /** Packets a socket may have waiting to be sent; past it the slow consumer is disconnected (SOCKET_WRITE_BUFFER_MAX). */
  socketWriteBufferMax: number;
  /**
   * How long a socket handshake's lookups (website by key, visitor by token) are kept in memory
   * (HANDSHAKE_CACHE_TTL_MS); changes are announced to every instance at once, this bounds what
   * an instance misses while Redis is down. 0 keeps nothing.
   */
  handshakeCacheTtlMs: number;
  /** Handshake lookups waiting for the database beyond which handshakes are refused BUSY (HANDSHAKE_QUEUE_MAX). */
  handshakeQueueMax: number;
  /** How long a handshake may wait for its lookup before it is refused BUSY (HANDSHAKE_MAX_WAIT_MS). */
  handshakeMaxWaitMs: number;
  /** Handshake queries (other than the batched visitor lookups) run at once at most (HANDSHAKE_DB_CONCURRENCY). */
  handshakeDbConcurrency: number;
}

export interface RedisClusterConfig {
  /** The nodes to start from; the client learns the others (and the slots) from them. */
  nodes: { host: string; port: number }[];
  username: string | null;
  password: string | null;
  tls: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(', ')}), got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw.trim();
}

function origins(env: Env, name: string): string[] {
  const raw = env[name];
  if (!raw || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    try {
      const parsed = new URL(origin);
      if (parsed.origin !== origin) throw new Error('not an origin');
    } catch {
      throw new ConfigError(
        name,
        `must be a comma-separated list of origins like https://example.com, got "${origin}"`,
      );
    }
    return origin;
  });
}

/** A secret generated once and kept under the data folder, so tokens survive restarts in development. */
function persistedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

function redisPrefix(env: Env): string {
  const raw = env.REDIS_PREFIX?.trim() || 'zendo:';
  if (!/^[\w:.-]{1,64}$/.test(raw))
    throw new ConfigError('REDIS_PREFIX', `must be 1-64 of [A-Za-z0-9_:.-], got "${raw}"`);
  return raw;
}

const CLUSTER_SCHEMES = ['redis+cluster:', 'rediss+cluster:'];

function clusterNodes(name: string, list: string): RedisClusterConfig['nodes'] {
  const nodes = list.split(',').map((entry) => {
    const match = /^\s*(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})\s*$/.exec(entry);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) {
      throw new ConfigError(name, `must list host:port nodes separated by commas, got "${entry.trim()}"`);
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
  return nodes;
}

/**
 * REDIS_CLUSTER_NODES (host:port list, with REDIS_URL's credentials and scheme if it is set too),
 * or a REDIS_URL of `redis+cluster://[user:password@]host:port,host:port` (`rediss+cluster` for TLS).
 */
function redisCluster(env: Env): RedisClusterConfig | null {
  const listed = env.REDIS_CLUSTER_NODES?.trim();
  const raw = env.REDIS_URL?.trim() ?? '';
  const scheme = CLUSTER_SCHEMES.find((s) => raw.toLowerCase().startsWith(`${s}//`));
  if (scheme) {
    const rest = raw.slice(scheme.length + 2).replace(/\/+$/, '');
    const at = rest.lastIndexOf('@');
    const credentials = at >= 0 ? rest.slice(0, at) : '';
    const [user, ...password] = credentials ? credentials.split(':') : [];
    return {
      nodes: clusterNodes('REDIS_URL', listed || rest.slice(at + 1)),
      username: user ? decodeURIComponent(user) : null,
      password: password.length ? decodeURIComponent(password.join(':')) : null,
      tls: scheme === 'rediss+cluster:',
    };
  }
  if (!listed) return null;
  const single = url(env, 'REDIS_URL', ['redis', 'rediss']);
  const parsed = single ? new URL(single) : null;
  return {
    nodes: clusterNodes('REDIS_CLUSTER_NODES', listed),
    username: parsed?.username ? decodeURIComponent(parsed.username) : null,
    password: parsed?.password ? decodeURIComponent(parsed.password) : null,
    tls: parsed?.protocol === 'rediss:',
  };
}

function redisAdapter(env: Env): AppConfig['redisAdapter'] {
  const raw = env.REDIS_ADAPTER?.trim().toLowerCase();
  if (!raw) return 'pubsub';
  if (raw !== 'pubsub' && raw !== 'streams')
    throw new ConfigError('REDIS_ADAPTER', `must be pubsub or streams, got "${env.REDIS_ADAPTER}"`);
  return raw;
}

function trustProxy(env: Env): number | string | null {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return null;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((e) => e.trim());
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  const address = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;
  if (!entries.every((e) => named.includes(e) || address.test(e))) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be a hop count or a list of addresses/CIDRs (or loopback, linklocal, uniquelocal), got "${raw}"`,
    );
  }
  return entries.join(', ');
}

function s3Settings(env: Env): S3Settings | null {
  try {
    return parseS3Url(env.S3_URL);
  } catch (error) {
    throw new ConfigError('S3_URL', (error as Error).message);
  }
}

function metricsToken(env: Env): string | null {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return null;
  if (!/^[\x21-\x7e]{16,256}$/.test(raw)) {
    throw new ConfigError('METRICS_TOKEN', 'must be 16-256 printable characters without spaces');
  }
  return raw;
}

function logLevel(env: Env, nodeEnv: AppConfig['nodeEnv']): LogLevel {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  // Tests keep to warnings and errors unless asked, as they did with Nest's own logger.
  if (!raw) return nodeEnv === 'test' ? 'warn' : 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  return raw as LogLevel;
}

function logFormat(env: Env, nodeEnv: AppConfig['nodeEnv']): AppConfig['logFormat'] {
  const raw = env.LOG_FORMAT?.trim().toLowerCase();
  if (!raw) return nodeEnv === 'production' ? 'json' : 'pretty';
  if (raw !== 'json' && raw !== 'pretty')
    throw new ConfigError('LOG_FORMAT', `must be json or pretty, got "${env.LOG_FORMAT}"`);
  return raw;
}

/** Validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnvRaw = env.NODE_ENV?.trim() || 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const dataDir = resolve(env.ZENDO_DATA_DIR?.trim() || '.zendo');

  let jwtSecret = env.JWT_SECRET;
  if (jwtSecret !== undefined && jwtSecret !== '') {
    if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  } else if (nodeEnv === 'production') {
    throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
  } else {
    jwtSecret = persistedSecret(dataDir);
  }

  const publicUrl = url(env, 'PUBLIC_URL', ['http', 'https']) ?? `http://localhost:${port}`;
  const cluster = redisCluster(env);

  return {
    nodeEnv,
    port,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres', 'postgresql']),
    redisUrl: cluster ? null : url(env, 'REDIS_URL', ['redis', 'rediss']),
    redisCluster: cluster,
    redisAdapter: redisAdapter(env),
    jwtSecret,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    smtpUrl: url(env, 'SMTP_URL', ['smtp', 'smtps']),
    dataDir,
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 20, 1, 500),
    embeddedPgPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    keyRotationGraceHours: integer(env, 'KEY_ROTATION_GRACE_HOURS', 24, 0, 24 * 365),
    authRateLimit: integer(env, 'AUTH_RATE_LIMIT', 10, 1, 100_000),
    wsConnectRateLimit: integer(env, 'WS_CONNECT_RATE_LIMIT', 600, 1, 10_000_000),
    redisPrefix: redisPrefix(env),
    presenceGraceMs: integer(env, 'PRESENCE_GRACE_MS', 5000, 0, 60_000),
    presenceTtlSeconds: integer(env, 'PRESENCE_TTL_SECONDS', 30, 2, 3600),
    trustProxy: trustProxy(env),
    invitesPerHour: integer(env, 'INVITE_RATE_LIMIT', 20, 1, 100_000),
    limits: {
      visitorMessagesPerSecond: integer(env, 'VISITOR_MESSAGE_RATE', 10, 1, 100_000),
      visitorMessageBurst: integer(env, 'VISITOR_MESSAGE_BURST', 30, 1, 1_000_000),
      visitorConversationsPerHour: integer(env, 'VISITOR_CONVERSATION_RATE', 20, 1, 1_000_000),
      newVisitorsPerMinute: integer(env, 'NEW_VISITOR_RATE', 60, 1, 10_000_000),
      loginFailures: integer(env, 'LOGIN_FAILURE_LIMIT', 10, 1, 100_000),
      passwordResetsPerHour: integer(env, 'PASSWORD_RESET_RATE', 5, 1, 100_000),
      visitorAttachmentsPerHour: integer(env, 'VISITOR_ATTACHMENT_RATE', 30, 1, 1_000_000),
    },
    notifyAfterSeconds: integer(env, 'NOTIFY_AFTER_SECONDS', 180, 1, 7 * 24 * 3600),
    outboxPollMs: integer(env, 'OUTBOX_POLL_MS', 1000, 50, 60_000),
    outboxRetryMs: integer(env, 'OUTBOX_RETRY_MS', 30_000, 10, 3_600_000),
    sessionMaxMs: integer(env, 'SESSION_MAX_DAYS', 30, 1, 3650) * 24 * 3600_000,
    retentionSweepMs: integer(env, 'RETENTION_SWEEP_MS', 3_600_000, 0, 7 * 24 * 3_600_000),
    attachmentMaxBytes: integer(env, 'ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    attachmentsDir: resolve(env.ATTACHMENTS_DIR?.trim() || join(dataDir, 'attachments')),
    s3: s3Settings(env),
    metricsToken: metricsToken(env),
    logLevel: logLevel(env, nodeEnv),
    logFormat: logFormat(env, nodeEnv),
    appendQueueMax: integer(env, 'APPEND_QUEUE_MAX', 5000, 1, 10_000_000),
    appendMaxWaitMs: integer(env, 'APPEND_MAX_WAIT_MS', 2000, 10, 600_000),
    appendMaxPredictedMs: integer(env, 'APPEND_MAX_PREDICTED_MS', 15, 0, 600_000),
    appendOverloadAfterMs: integer(env, 'APPEND_OVERLOAD_AFTER_MS', 250, 0, 600_000),
    appendLanes: integer(env, 'APPEND_LANES', 1, 1, 16),
    socketWriteBufferMax: integer(env, 'SOCKET_WRITE_BUFFER_MAX', 10_000, 1, 10_000_000),
    handshakeCacheTtlMs: integer(env, 'HANDSHAKE_CACHE_TTL_MS', 5000, 0, 300_000),
    handshakeQueueMax: integer(env, 'HANDSHAKE_QUEUE_MAX', 20_000, 1, 10_000_000),
    handshakeMaxWaitMs: integer(env, 'HANDSHAKE_MAX_WAIT_MS', 10_000, 10, 600_000),
    handshakeDbConcurrency: integer(env, 'HANDSHAKE_DB_CONCURRENCY', 4, 1, 1000),
    demo: nodeEnv !== 'production' || env.ZENDO_DEMO?.trim() === '1',
  };
}

/** Injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
