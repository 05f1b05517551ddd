import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { findFreePort } from '../src/common/database/embedded-postgres';
import { BootstrapFile } from '../src/setup/bootstrap-file';
import { createTestDatabase } from './support/test-database';
import { sha1 } from './support/test-server';

const MAIN = path.resolve(__dirname, '../dist/src/main.js');

interface Started {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/** Starts the built server as `npm start` would and resolves once it logs that it listens. */
async function startProcess(env: Record<string, string>, waitFor = 'server listening'): Promise<Started> {
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_FORMAT: 'json', ...env };
  const child = spawn(process.execPath, [MAIN], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not log "${waitFor}" within 90 s:\n${output.join('\n')}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output.push(...chunk.toString().split('\n').filter(Boolean));
      if (output.some((line) => line.includes(waitFor))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      if (!output.some((line) => line.includes(waitFor))) {
        reject(new Error(`server exited with ${code} before "${waitFor}":\n${output.join('\n')}`));
      }
    });
  });
  return { child, output, exited };
}

/** Runs the built server until it exits by itself, for starts that must fail. */
async function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  return { code, stderr };
}

async function stopProcess(started: Started): Promise<number | null> {
  started.child.kill('SIGTERM');
  return started.exited;
}

async function passwordLogin(bootstrap: BootstrapFile): Promise<Response> {
  return fetch(`${bootstrap.server}/ppauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: bootstrap.api_keys.PPCONSOLE.api_key,
      client_secret: bootstrap.api_keys.PPCONSOLE.api_secret,
      user_email: bootstrap.admin.user_email,
      user_password: sha1(bootstrap.admin.user_password),
    }).toString(),
  });
}

describe('server process', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ppmessage-start-'));
    await fs.chmod(dataDir, 0o755);
  });

  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('first start bootstraps, restart keeps the data', async () => {
    const port = await findFreePort();
    const first = await startProcess({ DATA_DIR: dataDir, PORT: String(port) });
    const file = path.join(dataDir, 'bootstrap.json');
    const stat = await fs.stat(file);
    expect(stat.mode & 0o777).toBe(0o600);
    const bootstrap = JSON.parse(await fs.readFile(file, 'utf8')) as BootstrapFile;
    expect(Object.keys(bootstrap).sort()).toEqual(['admin', 'api_keys', 'app_uuid', 'server']);
    expect(bootstrap.server).toBe(`http://127.0.0.1:${port}`);
    expect(Object.keys(bootstrap.admin).sort()).toEqual(['user_email', 'user_password', 'user_uuid']);
    expect(Object.keys(bootstrap.api_keys).sort()).toEqual(['PPCOM', 'PPCONSOLE', 'PPKEFU', 'THIRD_PARTY_CONSOLE', 'THIRD_PARTY_KEFU']);
    expect(bootstrap.admin.user_password.length).toBeGreaterThanOrEqual(16);
    expect(first.output.some((line) => line.includes(file))).toBe(true);
    const secrets = [bootstrap.admin.user_password, ...Object.values(bootstrap.api_keys).map((pair) => pair.api_secret)];
    for (const secret of secrets) {
      expect(first.output.filter((line) => line.includes(secret))).toEqual([]);
    }

    const login = await passwordLogin(bootstrap);
    expect(login.status).toBe(200);

    const rival = await runToExit({ DATA_DIR: dataDir, PORT: String(await findFreePort()) });
    expect(rival.code).toBe(1);
    expect(rival.stderr).toContain('is in use by another server');

    expect(await stopProcess(first)).toBe(0);
    expect(first.output.some((line) => line.includes('shutdown complete'))).toBe(true);
    await expect(fs.access(path.join(dataDir, 'postgres', 'postmaster.pid'))).rejects.toThrow();

    const second = await startProcess({ DATA_DIR: dataDir, PORT: String(port) });
    try {
      expect(second.output.some((line) => line.includes('skipping bootstrap'))).toBe(true);
      expect((await fs.stat(file)).mtimeMs).toBe(stat.mtimeMs);
      const relogin = await passwordLogin(bootstrap);
      expect(relogin.status).toBe(200);
      const token = ((await relogin.json()) as { access_token: string }).access_token;
      const info = await fetch(`${bootstrap.server}/api/PP_GET_APP_INFO`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `OAuth ${token}` },
        body: JSON.stringify({ app_uuid: bootstrap.app_uuid }),
      });
      expect(((await info.json()) as { uuid: string }).uuid).toBe(bootstrap.app_uuid);
    } finally {
      expect(await stopProcess(second)).toBe(0);
    }
  });

  it('uses DATABASE_URL and starts nothing embedded', async () => {
    const database = await createTestDatabase();
    try {
      const port = await findFreePort();
      const started = await startProcess({ DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: database.url, ADMIN_EMAIL: 'owner@example.test', ADMIN_PASSWORD: 'a-long-password' });
      const bootstrap = JSON.parse(await fs.readFile(path.join(dataDir, 'bootstrap.json'), 'utf8')) as BootstrapFile;
      expect(bootstrap.admin.user_email).toBe('owner@example.test');
      expect(bootstrap.admin.user_password).toBe('a-long-password');
      expect(started.output.some((line) => line.includes('"embedded_postgres":false'))).toBe(true);
      await expect(fs.access(path.join(dataDir, 'postgres'))).rejects.toThrow();
      expect(await stopProcess(started)).toBe(0);
    } finally {
      await database.drop();
    }
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('unreachable DATA_DIR as root exits 1 with the fix', async () => {
    const locked = path.join(dataDir, 'locked');
    await fs.mkdir(locked, { mode: 0o700 });
    await fs.chmod(locked, 0o700);
    const run = await runToExit({ DATA_DIR: path.join(locked, 'data'), PORT: String(await findFreePort()) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot enter ${locked}`);
    expect(run.stderr).toContain('chmod o+x');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ BODY_LIMIT: '-1' }, 'BODY_LIMIT'],
  ])('bad configuration %j exits 2 naming the variable', async (env, name) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain(`Invalid configuration: ${name}`);
  });
});
