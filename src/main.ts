import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
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
  const db = await openDatabase(config);
  config.databaseUrl = db.url;
  try {
    await migrate(db.url, 'up');
  } catch (error) {
    db.stop();
    throw error;
  }
  const app = await createApp(config);
  // Nest hands these to http.Server#listen. After a restart every socket reconnects at once, and
  // the default backlog (511) overflows: refused handshakes then wait out the clients' back-off.
  await app.listen({ port: config.port, host: '0.0.0.0', backlog: LISTEN_BACKLOG } as unknown as number);
  logger.log(`listening on :${config.port} (${config.publicUrl})`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: closing`);
    // Stop accepting, close sockets and the pool, then the embedded database last.
    app
      .close()
      .catch((error: unknown) => logger.error(error))
      .finally(() => {
        db.stop();
        process.exit(0);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `Zendo failed to start: ${error.message}` : error);
  process.exit(1);
});
