import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { stopwatch } from './common/stopwatch';
import { Db } from './database/db';
import { migrate, openDatabase } from './database/database';

/** Pending TCP connections the kernel may queue (capped by net.core.somaxconn, 4096 on current kernels). */
const LISTEN_BACKLOG = 4096;

/**
 * A rejection nobody handled (a dependency's promise during an outage) is logged, never silent,
 * and never ends the process: every instance must outlive a Redis or PostgreSQL outage.
 */
function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = new Logger('Zendo');
  logUnhandledRejections(logger);
  // performance.now() counts from the process's start; logged once the app's logger is set up.
  const loadedMs = Math.round(performance.now());
  const db = await openDatabase(config);
  // From here a signal stops what was started, the embedded database last; installed before the
  // migrations and the start so a stop asked for while the server comes up is not a kill.
  const started: { app?: NestExpressApplication } = {};
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: closing`);
    const elapsed = stopwatch();
    // Stop accepting, close sockets and the pool, then the embedded database last.
    (started.app ? started.app.close() : Promise.resolve())
      .catch((error: unknown) => logger.error(error))
      .finally(() => {
        db.stop();
        logger.log(`${signal}: closed in ${elapsed()} ms`);
        process.exit(0);
      });
  };
  // A second SIGTERM while closing changes nothing; a second Ctrl-C stops at once.
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  config.databaseUrl = db.url;
  try {
    await migrate(db.url, 'up');
  } catch (error) {
    db.stop();
    throw error;
  }
  const databaseMs = Math.round(performance.now());
  const app = (started.app = await createApp(config));
  if (stopping) return;
  // Nest hands these to http.Server#listen. After a restart every socket reconnects at once, and
  // the default backlog (511) overflows: refused handshakes then wait out the clients' back-off.
  await app.listen({ port: config.port, host: '0.0.0.0', backlog: LISTEN_BACKLOG } as unknown as number);
  logger.log(
    `listening on :${config.port} (${config.publicUrl}); since the process started: code loaded at ${loadedMs} ms, ` +
      `database ready at ${databaseMs} ms, listening at ${Math.round(performance.now())} ms`,
  );
  await welcome(app, config, logger);
}

/** Where to go next, as the last lines `make up` prints. */
async function welcome(app: NestExpressApplication, config: AppConfig, logger: Logger): Promise<void> {
  const base = config.publicUrl;
  const lines = [`Console: ${base}/app/`, `API reference: ${base}/api/docs`];
  try {
    const agents = await app.get(Db).one<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM agents) AS any');
    if (!agents?.any) lines.push(`No account yet: create the first account at ${base}/app/signup`);
  } catch {
    // Only a hint: the server runs whether or not it could be given.
  }
  if (config.demo) lines.push(`Demo page with the widget: ${base}/demo`);
  for (const line of lines) logger.log(line);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `Zendo failed to start: ${error.message}` : error);
  process.exit(1);
});
