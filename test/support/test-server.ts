import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { configureLogging } from '../../src/common/logging/logger';
import { loadConfig } from '../../src/config/app-config';
import { AppProvisioningService } from '../../src/modules/app/app-provisioning.service';
import { UserAccountService } from '../../src/modules/user/user-account.service';
import { createServer } from '../../src/server';
import { BootstrapFile } from '../../src/setup/bootstrap-file';
import { createTestDatabase } from './test-database';

/** Level names as tests write them; the bootstrap file is keyed by the same strings. */
export type KeyLevelName = 'PPCOM' | 'PPKEFU' | 'PPCONSOLE' | 'THIRD_PARTY_KEFU' | 'THIRD_PARTY_CONSOLE';

function keyPair(keys: BootstrapFile['api_keys'], level: KeyLevelName): { api_key: string; api_secret: string } {
  return (keys as Record<string, { api_key: string; api_secret: string }>)[level];
}

export interface ApiAnswer {
  status: number;
  body: Record<string, any>;
  headers: Headers;
}

/** Log lines written while the file's server ran, for assertions about what is (not) logged. */
export const capturedLogLines: string[] = [];

let loggingConfigured = false;
function captureLogs(): void {
  if (loggingConfigured) {
    return;
  }
  loggingConfigured = true;
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      capturedLogLines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  configureLogging({ level: process.env.TEST_LOG_LEVEL ?? 'debug', format: 'json', destination: sink });
}

export function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** A real server on its own cloned database and data directory, listening on a loopback port. */
export class TestServer {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly baseUrl: string,
    readonly bootstrap: BootstrapFile,
    readonly dataDir: string,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestServer> {
    captureLogs();
    const database = await createTestDatabase();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ppmessage-data-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_EMAIL: `admin-${path.basename(dataDir)}@example.test`, ...env });
    const { app, bootstrapFile } = await createServer(config, database.url);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address() as { port: number };
    if (!bootstrapFile) {
      throw new Error('a fresh test database must be bootstrapped');
    }
    const bootstrap = JSON.parse(await fs.readFile(bootstrapFile, 'utf8')) as BootstrapFile;
    return new TestServer(app, `http://127.0.0.1:${address.port}`, bootstrap, dataDir, database.drop);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  get appUuid(): string {
    return this.bootstrap.app_uuid;
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.dropDatabase();
    await fs.rm(this.dataDir, { recursive: true, force: true });
  }

  /** POSTs to /ppauth/token with a form body (as the stock clients do) or JSON. */
  async tokenRequest(fields: Record<string, string>, encoding: 'form' | 'json' = 'form'): Promise<ApiAnswer> {
    const response = await fetch(`${this.baseUrl}/ppauth/token`, {
      method: 'POST',
      headers: { 'content-type': encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: encoding === 'form' ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
  }

  /** Requests a client_credentials token with the default app's key of that level. */
  async clientToken(level: KeyLevelName, keys = this.bootstrap.api_keys): Promise<string> {
    const answer = await this.tokenRequest({ grant_type: 'client_credentials', client_id: keyPair(keys, level).api_key, client_secret: keyPair(keys, level).api_secret });
    if (answer.status !== 200) {
      throw new Error(`client_credentials for ${level} failed: ${JSON.stringify(answer.body)}`);
    }
    return answer.body.access_token as string;
  }

  /** Requests a password-grant token for the bootstrap admin (or another agent) at PPKEFU or PPCONSOLE. */
  async passwordToken(level: 'PPKEFU' | 'PPCONSOLE', email = this.bootstrap.admin.user_email, password = this.bootstrap.admin.user_password, keys = this.bootstrap.api_keys): Promise<{ token: string; userUuid: string }> {
    const answer = await this.tokenRequest({
      grant_type: 'password',
      client_id: keyPair(keys, level).api_key,
      client_secret: keyPair(keys, level).api_secret,
      user_email: email,
      user_password: sha1(password),
    });
    if (answer.status !== 200) {
      throw new Error(`password grant for ${email} failed: ${JSON.stringify(answer.body)}`);
    }
    return { token: answer.body.access_token as string, userUuid: answer.body.user_uuid as string };
  }

  /** POSTs a JSON body to /api/NAME with an `OAuth` header, as the stock clients do. */
  async api(name: string, body: unknown, token?: string, init: { scheme?: string; headers?: Record<string, string> } = {}): Promise<ApiAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(init.headers ?? {}) };
    if (token !== undefined) {
      headers.authorization = `${init.scheme ?? 'OAuth'} ${token}`;
    }
    const response = await fetch(`${this.baseUrl}/api/${name}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : {}, headers: response.headers };
  }
}

/** Creates another app with its own owner and keys, as a second tenant for isolation tests. */
export async function createOtherApp(server: TestServer, name = 'Other Team'): Promise<{ appUuid: string; ownerEmail: string; ownerPassword: string; keys: BootstrapFile['api_keys'] }> {
  const apps = server.app.get(AppProvisioningService);
  const users = server.app.get(UserAccountService);
  const ownerEmail = `owner-${Math.random().toString(36).slice(2)}@example.test`;
  const ownerPassword = 'other-owner-password';
  return server.dataSource.transaction(async (manager) => {
    const appUuid = randomUUID();
    const owner = await users.createServiceUser(manager, { appUuid, email: ownerEmail, fullname: 'Other Owner', passwordSha1: sha1(ownerPassword), userStatus: 'OWNER_2' });
    const { apiKeys } = await apps.createApp(manager, { ownerUserUuid: owner.uuid, appName: name }, appUuid);
    await users.addMembership(manager, appUuid, owner.uuid, { isOwner: true, isService: true, isDistributor: true, isPortal: false });
    return { appUuid, ownerEmail, ownerPassword, keys: apiKeys };
  });
}
