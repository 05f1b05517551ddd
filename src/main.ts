import 'reflect-metadata';
import * as path from 'node:path';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './common/database/embedded-postgres';
import { runMigrations } from './common/database/migrate';
import { configureLogging, createLogger } from './common/logging/logger';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { createServer } from './server';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  configureLogging({ level: config.logLevel, format: config.logFormat });
  const logger = createLogger('Main');

  let embedded: EmbeddedPostgresHandle | undefined;
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'postgres'), config.embeddedPostgresPort);
      databaseUrl = embedded.url;
    }
    await runMigrations(databaseUrl);
    const { app } = await createServer(config, databaseUrl);
    await app.listen({ port: config.port, host: config.host });
    logger.info({ address: config.publicUrl, host: config.host, port: config.port, embedded_postgres: Boolean(embedded) }, 'server listening');

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) {
        return;
      }
      stopping = true;
      logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
      const timer = setTimeout(() => {
        logger.error({ timeout_ms: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      try {
        await app.close();
        await embedded?.stop();
        logger.info('shutdown complete');
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      }
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  } catch (error) {
    // The message says what to fix; the stack goes to the structured log only.
    process.stderr.write(`Start failed: ${(error as Error).message ?? String(error)}\n`);
    logger.fatal({ err: error }, 'start failed');
    await embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
