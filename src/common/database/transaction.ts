import { DataSource, EntityManager } from 'typeorm';

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

/**
 * Runs a statement of the message hot path as a named prepared statement on the transaction's
 * own connection, so PostgreSQL plans it once per connection instead of on every call. Returns
 * the rows as node-postgres gives them (also for UPDATE ... RETURNING). Outside a transaction it
 * falls back to an ordinary query.
 */
export async function preparedQuery<T>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner) {
    return returningRows<T>(await manager.query(text, values));
  }
  const client = (await runner.connect()) as { query: (config: { name: string; text: string; values: unknown[] }) => Promise<{ rows: T[] }> };
  return (await client.query({ name, text, values })).rows;
}
