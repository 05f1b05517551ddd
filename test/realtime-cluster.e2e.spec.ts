import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../src/common/database/embedded-postgres';
import { BootstrapFile } from '../src/setup/bootstrap-file';
import { textMessage } from './support/fixtures';
import { createTestDatabase } from './support/test-database';
import { sha1 } from './support/test-server';
import { WsClient } from './support/ws-client';

const MAIN = path.resolve(__dirname, '../dist/src/main.js');

interface Node {
  child: ChildProcess;
  baseUrl: string;
  dataDir: string;
  output: string[];
  exited: Promise<number | null>;
}

/** Spawns a process and resolves once a line of its output contains `readyText`. */
function spawnUntil(command: string, args: string[], env: NodeJS.ProcessEnv, readyText: string): Promise<{ child: ChildProcess; output: string[]; exited: Promise<number | null> }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not print "${readyText}" within 60 s:\n${output.join('\n')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(...chunk.toString().split('\n').filter(Boolean));
      if (output.some((line) => line.includes(readyText))) {
        clearTimeout(timer);
        resolve({ child, output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before "${readyText}":\n${output.join('\n')}`));
    });
  });
}

/**
 * Two server processes on one PostgreSQL database and one Redis: real-time events cross nodes,
 * and a message committed by a node that then crashes is still pushed.
 */
describe('real-time across nodes', () => {
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  let redis: ChildProcess;
  let redisUrl: string;
  let bootstrap: BootstrapFile;
  let db: Client;
  const nodes: Node[] = [];
  const dataDirs = new Set<string>();
  const clients: WsClient[] = [];

  async function startNode(extraEnv: Record<string, string> = {}, dataDir?: string): Promise<Node> {
    const port = await findFreePort();
    const dir = dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'ppmessage-node-')));
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      ADMIN_EMAIL: 'cluster-admin@example.test',
      ...extraEnv,
    };
    dataDirs.add(dir);
    const started = await spawnUntil(process.execPath, [MAIN], env, 'server listening');
    const node = { ...started, baseUrl: `http://127.0.0.1:${port}`, dataDir: dir };
    nodes.push(node);
    return node;
  }

  beforeAll(async () => {
    if (spawnSync('redis-server', ['--version']).error) {
      throw new Error('redis-server is not installed; install it (apt-get install -y redis-server) to run the multi-node tests');
    }
    const database = await createTestDatabase();
    databaseUrl = database.url;
    dropDatabase = database.drop;
    const redisPort = await findFreePort();
    redisUrl = `redis://127.0.0.1:${redisPort}`;
    redis = (await spawnUntil('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], process.env, 'Ready to accept connections')).child;
    const first = await startNode();
    bootstrap = JSON.parse(await fs.readFile(path.join(first.dataDir, 'bootstrap.json'), 'utf8')) as BootstrapFile;
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  }, 120_000);

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    for (const node of nodes) {
      node.child.kill('SIGKILL');
      await node.exited;
    }
    for (const dir of dataDirs) {
      await fs.rm(dir, { recursive: true, force: true });
    }
    await db?.end();
    redis?.kill('SIGKILL');
    await dropDatabase?.();
  });

  async function api(node: Node, name: string, body: unknown, token?: string): Promise<Record<string, any>> {
    const response = await fetch(`${node.baseUrl}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `OAuth ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, any>;
  }

  async function token(node: Node, fields: Record<string, string>): Promise<Record<string, any>> {
    const response = await fetch(`${node.baseUrl}/ppauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    return (await response.json()) as Record<string, any>;
  }

  /** A visitor and the admin (as an agent on a browser) in one conversation, made through the API. */
  async function chat(node: Node) {
    const app = bootstrap.app_uuid;
    const visitorToken = (await token(node, { grant_type: 'client_credentials', client_id: bootstrap.api_keys.PPCOM.api_key, client_secret: bootstrap.api_keys.PPCOM.api_secret })).access_token as string;
    const traceUuid = randomUUID();
    const anonymous = await api(node, 'PP_CREATE_ANONYMOUS', { app_uuid: app, ppcom_trace_uuid: traceUuid }, visitorToken);
    expect(anonymous.error_code).toBe(0);
    const visitorUuid = anonymous.user_uuid as string;
    expect((await api(node, 'PP_CREATE_DEVICE', { app_uuid: app, user_uuid: visitorUuid, device_ostype: 'LIB', ppcom_trace_uuid: traceUuid }, visitorToken)).error_code).toBe(0);
    const [visitorDevice] = (await db.query(`SELECT uuid FROM devices WHERE user_uuid = $1`, [visitorUuid])).rows;

    const agentLogin = await token(node, {
      grant_type: 'password',
      client_id: bootstrap.api_keys.PPKEFU.api_key,
      client_secret: bootstrap.api_keys.PPKEFU.api_secret,
      user_email: bootstrap.admin.user_email,
      user_password: sha1(bootstrap.admin.user_password),
    });
    const agentToken = agentLogin.access_token as string;
    const agentUuid = bootstrap.admin.user_uuid;
    const login = await api(node, 'PPKEFU_LOGIN', { app_uuid: app, user_uuid: agentUuid, device_id: randomUUID(), device_ostype: 'MAC' }, agentToken);
    expect(login.error_code).toBe(0);
    const created = await api(node, 'PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: visitorUuid, conversation_type: 'P2S', member_list: [agentUuid] }, visitorToken);
    expect(created.error_code).toBe(0);
    return {
      app,
      conversationUuid: created.uuid as string,
      visitor: { userUuid: visitorUuid, deviceUuid: visitorDevice.uuid as string, token: visitorToken },
      agent: { userUuid: agentUuid, deviceUuid: login.device_uuid as string, token: agentToken },
    };
  }

  async function socket(node: Node, who: { userUuid: string; deviceUuid: string; token: string }, isServiceUser: boolean): Promise<WsClient> {
    const client = await WsClient.connect(node.baseUrl);
    clients.push(client);
    client.send({ type: 'auth', api_token: who.token, app_uuid: bootstrap.app_uuid, user_uuid: who.userUuid, device_uuid: who.deviceUuid, is_service_user: isServiceUser, extra_data: {} });
    expect((await client.ack('AUTH')).code).toBe(0);
    return client;
  }

  it('message and typing cross nodes', async () => {
    const [nodeA] = nodes;
    const nodeB = await startNode();
    const { app, conversationUuid, visitor, agent } = await chat(nodeA);
    const agentSocket = await socket(nodeB, agent, true);
    const visitorSocket = await socket(nodeA, visitor, false);
    await agentSocket.waitFor((frame) => frame.type === 'ONLINE' && frame.user_uuid === visitor.userUuid);

    const message = textMessage(app, conversationUuid, visitor.userUuid, 'from node A');
    visitorSocket.send({ type: 'send', send: message });
    expect((await visitorSocket.ack('SEND')).code).toBe(0);
    const pushed = await agentSocket.waitForMessage(message.uuid as string);
    expect(pushed.msg.bo).toBe('from node A');

    agentSocket.send({ type: 'typing_watch', conversation_uuid: conversationUuid });
    expect((await agentSocket.ack('TYPING_WATCH')).code).toBe(0);
    visitorSocket.send({ type: 'typing_watch', conversation_uuid: conversationUuid });
    expect((await visitorSocket.ack('TYPING_WATCH')).code).toBe(0);
    visitorSocket.send({ type: 'typing' });
    expect((await agentSocket.waitFor((frame) => frame.type === 'TYPING')).user_uuid).toBe(visitor.userUuid);

    const older = agentSocket;
    const newer = await socket(nodeA, agent, true);
    expect(await older.waitFor((frame) => frame.type === 'MSG' && frame.msg.mt === 'SYS')).toEqual({ type: 'MSG', msg: { mt: 'SYS', ms: 'LOGOUT', bo: agent.deviceUuid } });
    expect(newer.frames.some((frame) => frame.type === 'MSG')).toBe(false);
  }, 90_000);

  it('push survives a crash after commit', async () => {
    const { app, conversationUuid, visitor, agent } = await chat(nodes[0]);
    // Only nodes that publish nothing stay: the message is committed, not pushed.
    for (const node of nodes.splice(0)) {
      node.child.kill('SIGKILL');
      await node.exited;
    }
    const listener = await startNode({ OUTBOX_RELAY_DISABLED: '1' });
    const crashing = await startNode({ OUTBOX_RELAY_DISABLED: '1' });
    const agentSocket = await socket(listener, agent, true);

    const message = textMessage(app, conversationUuid, visitor.userUuid, 'survives a crash', { device_uuid: visitor.deviceUuid });
    expect((await api(crashing, 'PP_SEND_MESSAGE', message, visitor.token)).error_code).toBe(0);
    // Still in the outbox: the relay deletes a row once it has published it.
    const pending = (await db.query(`SELECT id FROM outbox_events WHERE event_type = 'MessageSent' AND payload->>'message_uuid' = $1`, [message.uuid])).rows;
    expect(pending).toHaveLength(1);
    crashing.child.kill('SIGKILL');
    await crashing.exited;

    const restarted = await startNode({}, crashing.dataDir);
    const pushed = await agentSocket.waitForMessage(message.uuid as string, 10_000);
    expect(pushed.msg.bo).toBe('survives a crash');
    const [delivery] = (await db.query(`SELECT uuid FROM deliveries WHERE message_uuid = $1 AND device_uuid = $2`, [message.uuid, agent.deviceUuid])).rows;
    expect(pushed.msg.pid).toBe(delivery.uuid);

    // A later message pushed after it proves the first one is not repeated.
    const later = textMessage(app, conversationUuid, visitor.userUuid, 'after the crash', { device_uuid: visitor.deviceUuid });
    expect((await api(restarted, 'PP_SEND_MESSAGE', later, visitor.token)).error_code).toBe(0);
    await agentSocket.waitForMessage(later.uuid as string);
    expect(agentSocket.messages(message.uuid as string)).toHaveLength(1);

    const unacked = await api(restarted, 'GET_UNACKED_MESSAGES', { app_uuid: app, from_uuid: agent.userUuid, device_uuid: agent.deviceUuid }, agent.token);
    expect(unacked.list).toContain(delivery.uuid);
    expect((await api(restarted, 'ACK_MESSAGE', { list: [delivery.uuid] }, agent.token)).error_code).toBe(0);
    const after = await api(restarted, 'GET_UNACKED_MESSAGES', { app_uuid: app, from_uuid: agent.userUuid, device_uuid: agent.deviceUuid }, agent.token);
    expect(after.list).not.toContain(delivery.uuid);
  }, 90_000);
});
