import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { createLogger } from '../logging/logger';

/** Arbitrary constant that identifies this schema's migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_KEY = 8945_0001;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so several nodes starting
 * together apply each migration once and the others wait for it.
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const logger = createLogger('Migrations');
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    logging: false,
  });
  await dataSource.initialize();
  const lockRunner = dataSource.createQueryRunner();
  try {
    await lockRunner.connect();
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const names = applied.map((migration) => migration.name);
    if (names.length > 0) {
      logger.info({ migrations: names }, 'applied migrations');
    }
    return names;
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
    await dataSource.destroy();
  }
}
