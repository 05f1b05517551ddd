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
  await letPostgresUserReachCheckout();
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
  const templateUrl = adminUrl.replace(/\/postgres$/, `/${TEMPLATE_DATABASE}`);
  await runMigrations(templateUrl);
  await recordOutboxHistory(templateUrl);

  process.env.TEST_PG_ADMIN_URL = adminUrl;
  (globalThis as Record<string, unknown>).__testPostgres = postgres;
  (globalThis as Record<string, unknown>).__testDirectory = directory;
}

/**
 * As root, the embedded PostgreSQL runs as the `postgres` user, which must pass through every
 * directory above the checkout to reach its binaries in node_modules. A checkout below a
 * `mktemp -d` directory (mode 0700) would stop the run, so the tests add the execute bit for
 * others (not the read bit) to each such directory, as `.ci/run` does, and say which.
 */
async function letPostgresUserReachCheckout(): Promise<void> {
  if (os.userInfo().uid !== 0) {
    return;
  }
  let directory = path.resolve(__dirname, '..', '..');
  while (true) {
    const stat = await fs.stat(directory);
    if ((stat.mode & 0o001) === 0) {
      await fs.chmod(directory, stat.mode | 0o001);
      process.stderr.write(`test setup: made ${directory} enterable by other users (o+x) for the embedded PostgreSQL\n`);
    }
    const parent = path.dirname(directory);
    if (parent === directory) {
      return;
    }
    directory = parent;
  }
}

/**
 * Creates a trigger that copies every recorded outbox event into `test_outbox_history`. The
 * relay deletes outbox rows once it has published them, often before a test can look, so tests
 * read the copy to check what a command recorded. Only the test template database has it.
 */
async function recordOutboxHistory(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`
    CREATE TABLE test_outbox_history (id bigint PRIMARY KEY, app_uuid uuid NOT NULL, event_type varchar(64) NOT NULL, payload jsonb NOT NULL);
    CREATE FUNCTION test_copy_outbox_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO test_outbox_history (id, app_uuid, event_type, payload) VALUES (NEW.id, NEW.app_uuid, NEW.event_type, NEW.payload);
        RETURN NEW;
      END $$;
    CREATE TRIGGER test_copy_outbox_event AFTER INSERT ON outbox_events FOR EACH ROW EXECUTE FUNCTION test_copy_outbox_event();`);
  await client.end();
}
