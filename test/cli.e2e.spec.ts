import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { createServer } from '../src/server';
import { createTestDatabase } from './support/test-database';
import { sha1 } from './support/test-server';

const CLI = path.resolve(__dirname, '../dist/src/cli/main.js');
const KEY_LEVELS = ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'];

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

describe('operator CLI', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  let server: NestFastifyApplication | undefined;
  let baseUrl: string;

  function runCli(args: string[]): Promise<CliRun> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir };
    delete env.LOG_LEVEL;
    return new Promise((resolve) => {
      execFile(process.execPath, [CLI, ...args], { env, timeout: 60000 }, (error, stdout, stderr) => {
        let code = 0;
        if (error) {
          code = typeof error.code === 'number' ? error.code : -1;
        }
        resolve({ code, stdout, stderr });
      });
    });
  }

  async function passwordGrant(key: { api_key: string; api_secret: string }, email: string, password: string): Promise<{ status: number; body: Record<string, any> }> {
    const response = await fetch(`${baseUrl}/ppauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: key.api_key, client_secret: key.api_secret, user_email: email, user_password: sha1(password) }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  /** Starts a server on the CLI's database once the first app exists, so the server skips bootstrap. */
  async function startServer(): Promise<void> {
    if (server) {
      return;
    }
    const created = await createServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir }), database.url);
    server = created.app;
    await server.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.getHttpServer().address() as { port: number }).port}`;
  }

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) {
      throw new Error(`${CLI} is missing; run npm run build first (npm test does)`);
    }
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppmessage-cli-'));
  });

  afterAll(async () => {
    await server?.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('help prints usage and exits 0', async () => {
    const run = await runCli(['help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('create-app --name NAME --owner-email EMAIL');
    expect(run.stdout).toContain('create-agent --app APP_UUID');
  });

  it.each([
    ['no command', []],
    ['unknown command', ['drop-everything']],
    ['missing --owner-email', ['create-app', '--name', 'Team']],
    ['unknown option', ['create-app', '--name', 'Team', '--owner-email', 'a@example.test', '--colour', 'red']],
    ['stray argument', ['create-agent', 'extra', '--app', '00000000-0000-4000-8000-000000000000', '--email', 'a@example.test', '--fullname', 'A']],
  ])('%s exits 2 with usage', async (_case, args) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Error: /);
    expect(run.stderr).toContain('Usage: npm run cli');
  });

  it.each([
    ['invalid email', ['create-app', '--name', 'Team', '--owner-email', 'not-an-email'], 'is not an email address'],
    ['short password', ['create-app', '--name', 'Team', '--owner-email', 'a@example.test', '--owner-password', 'short'], 'shorter than 8'],
    ['malformed app uuid', ['create-agent', '--app', 'abc', '--email', 'a@example.test', '--fullname', 'A'], 'is not a uuid'],
    ['unknown app', ['create-agent', '--app', '00000000-0000-4000-8000-000000000000', '--email', 'b@example.test', '--fullname', 'B'], 'no app with uuid'],
  ])('%s exits 1', async (_case, args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('create-app and create-agent give working logins', async () => {
    const appRun = await runCli(['create-app', '--name', 'Acme Support', '--owner-email', 'Owner@Acme.test']);
    expect(appRun.code).toBe(0);
    const app = JSON.parse(appRun.stdout);
    expect(app.app_uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(app.app_name).toBe('Acme Support');
    expect(app.owner.created).toBe(true);
    expect(app.owner.user_email).toBe('Owner@Acme.test');
    expect(typeof app.owner.user_password).toBe('string');
    expect(Object.keys(app.api_keys).sort()).toEqual([...KEY_LEVELS].sort());

    await startServer();
    const [appRow] = await server!.get(DataSource).query('SELECT user_uuid, app_name FROM apps WHERE uuid = $1', [app.app_uuid]);
    expect(appRow.user_uuid).toBe(app.owner.user_uuid);
    const ownerLogin = await passwordGrant(app.api_keys.PPCONSOLE, 'owner@acme.test', app.owner.user_password);
    expect(ownerLogin.status).toBe(200);
    expect(ownerLogin.body.user_uuid).toBe(app.owner.user_uuid);

    const agentRun = await runCli(['create-agent', '--app', app.app_uuid, '--email', 'agent@acme.test', '--fullname', 'Ann Agent', '--distributor']);
    expect(agentRun.code).toBe(0);
    const agent = JSON.parse(agentRun.stdout);
    expect(agent.user_uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(agent.app_uuid).toBe(app.app_uuid);
    expect(agent.user_fullname).toBe('Ann Agent');
    expect(agent.is_distributor_user).toBe(true);
    expect(typeof agent.user_password).toBe('string');
    const agentLogin = await passwordGrant(app.api_keys.PPKEFU, 'agent@acme.test', agent.user_password);
    expect(agentLogin.status).toBe(200);
    expect(agentLogin.body.user_uuid).toBe(agent.user_uuid);

    const duplicate = await runCli(['create-agent', '--app', app.app_uuid, '--email', 'AGENT@acme.test', '--fullname', 'Again']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
  });

  it('create-agent stores the membership and password', async () => {
    const app = JSON.parse((await runCli(['create-app', '--name', 'Beta', '--owner-email', 'beta-owner@example.test', '--owner-password', 'owner-secret-1'])).stdout);
    expect(app.owner).not.toHaveProperty('user_password');
    const run = await runCli(['create-agent', '--app', app.app_uuid, '--email', 'beta-agent@example.test', '--fullname', 'Bea', '--password', 'agent-secret-1']);
    expect(run.code).toBe(0);
    const agent = JSON.parse(run.stdout);
    expect(agent).not.toHaveProperty('user_password');
    expect(run.stdout).not.toContain('agent-secret-1');

    await startServer();
    const dataSource = server!.get(DataSource);
    const [membership] = await dataSource.query('SELECT * FROM app_users WHERE app_uuid = $1 AND user_uuid = $2', [app.app_uuid, agent.user_uuid]);
    expect(membership.is_service_user).toBe(true);
    expect(membership.is_owner_user).toBe(false);
    expect(membership.is_distributor_user).toBe(false);
    const [user] = await dataSource.query('SELECT user_type, password_hash FROM users WHERE uuid = $1', [agent.user_uuid]);
    expect(user.user_type).toBe('SERVICE');
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect((await passwordGrant(app.api_keys.PPKEFU, 'beta-agent@example.test', 'agent-secret-1')).status).toBe(200);
    expect((await passwordGrant(app.api_keys.PPCONSOLE, 'beta-owner@example.test', 'owner-secret-1')).status).toBe(200);
  });

  it('create-app reuses an existing owner', async () => {
    const first = JSON.parse((await runCli(['create-app', '--name', 'One', '--owner-email', 'shared@example.test'])).stdout);
    const run = await runCli(['create-app', '--name', 'Two', '--owner-email', 'SHARED@example.test']);
    expect(run.code).toBe(0);
    const second = JSON.parse(run.stdout);
    expect(second.owner.created).toBe(false);
    expect(second.owner.user_uuid).toBe(first.owner.user_uuid);
    expect(second.owner).not.toHaveProperty('user_password');
    await startServer();
    const login = await passwordGrant(second.api_keys.PPCONSOLE, 'shared@example.test', first.owner.user_password);
    expect(login.status).toBe(200);
  });
  it('rebuild-read-models restores the lists from the write tables', async () => {
    const app = JSON.parse((await runCli(['create-app', '--name', 'Rebuild', '--owner-email', 'rebuild-owner@example.test'])).stdout);
    await startServer();
    const dataSource = server!.get(DataSource);
    const conversationUuid = '11111111-2222-4333-8444-555555555555';
    await dataSource.query(
      `INSERT INTO conversations (uuid, app_uuid, user_uuid, status, conversation_type, last_seq, latest_task) VALUES ($1, $2, $3, 'OPEN', 'P2S', 1, $4)`,
      [conversationUuid, app.app_uuid, app.owner.user_uuid, '66666666-7777-4888-8999-000000000000'],
    );
    await dataSource.query(
      `INSERT INTO conversation_members (uuid, app_uuid, conversation_uuid, user_uuid, conversation_type, conversation_status) VALUES (gen_random_uuid(), $1, $2, $3, 'P2S', 'OPEN')`,
      [app.app_uuid, conversationUuid, app.owner.user_uuid],
    );
    await dataSource.query(
      `INSERT INTO messages (uuid, app_uuid, conversation_uuid, seq, conversation_type, from_uuid, from_type, to_uuid, to_type, message_type, message_subtype, body, content_hash)
       VALUES ($1, $2, $3, 1, 'P2S', gen_random_uuid(), 'DU', $4, 'AP', 'NOTI', 'TEXT', 'hi', repeat('0', 64))`,
      ['66666666-7777-4888-8999-000000000000', app.app_uuid, conversationUuid, conversationUuid],
    );

    const run = await runCli(['rebuild-read-models', '--app', app.app_uuid]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ member_rows: 1, team_inbox_rows: 1 });
    const [view] = await dataSource.query('SELECT * FROM member_conversation_views WHERE conversation_uuid = $1', [conversationUuid]);
    expect(view.conversation_status).toBe('OPEN');
    expect(view.message_total_count).toBe(1);
    expect(view.unread_count).toBe(1);
    const [inbox] = await dataSource.query('SELECT * FROM team_inbox_views WHERE conversation_uuid = $1', [conversationUuid]);
    expect(inbox.latest_message_uuid).toBe('66666666-7777-4888-8999-000000000000');

    const bad = await runCli(['rebuild-read-models', '--app', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is not a uuid');
  });
});
