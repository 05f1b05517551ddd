import { DataSource, EntityManager } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs `work` in one transaction, or inside the caller's transaction when `manager` is given,
 * so services of several modules can take part in one atomic change.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  manager: EntityManager | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (manager?.queryRunner?.isTransactionActive) {
    return work(manager);
  }
  return dataSource.transaction(work);
}

/** PostgreSQL's SQLSTATE for a unique-constraint violation. */
export const UNIQUE_VIOLATION = '23505';

/** The violated constraint's name when `error` is a unique violation, otherwise undefined. */
export function uniqueViolation(error: unknown): string | undefined {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } })?.driverError ?? (error as { code?: string; constraint?: string });
  if (driverError?.code === UNIQUE_VIOLATION) {
    return driverError.constraint ?? '';
  }
  return undefined;
}

/**
 * Rows of an UPDATE or DELETE ... RETURNING run through TypeORM's `query`, which for PostgreSQL
 * returns `[rows, affectedCount]` for those statements instead of the rows alone.
 */
export function returningRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/** The part of node-postgres' client and pool that named statements need. */
interface NamedQueryTarget {
  query: <T>(config: { name: string; text: string; values: unknown[] }) => Promise<{ rows: T[] }>;
}

/**
 * Runs a statement of the message hot path as a named prepared statement, so PostgreSQL plans it
 * once per connection instead of on every call. Inside a transaction it runs on the
 * transaction's own connection. Outside one it runs on a pooled connection as a statement of its
 * own (autocommit), so a single statement is atomic without BEGIN and COMMIT round trips.
 * Returns the rows as node-postgres gives them (also for UPDATE ... RETURNING).
 */
export async function preparedQuery<T>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  const target = (runner ? await runner.connect() : (manager.connection.driver as PostgresDriver).master) as NamedQueryTarget;
  return (await target.query<T>({ name, text, values })).rows;
}
