import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/common/database/embedded-postgres';
import { runMigrations } from '../../src/common/database/migrate';
import { TEMPLATE_DATABASE } from './test-database';

/**
 * Starts one embedded PostgreSQL for the whole run and migrates a template database; each test
 * file then clones it (CREATE DATABASE ... TEMPLATE), so files never share state.
 */
export default async function globalSetup(): Promise<void> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'ppmessage-test-'));
  // The postgres system user must be able to enter the directory when the tests run as root.
  await fs.chmod(directory, 0o755);
  const postgres = await startEmbeddedPostgres(path.join(directory, 'cluster'));
  const adminUrl = postgres.url.replace(/\/ppmessage$/, '/postgres');

  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await client.end();
  await runMigrations(adminUrl.replace(/\/postgres$/, `/${TEMPLATE_DATABASE}`));

  process.env.TEST_PG_ADMIN_URL = adminUrl;
  (globalThis as Record<string, unknown>).__testPostgres = postgres;
  (globalThis as Record<string, unknown>).__testDirectory = directory;
}
