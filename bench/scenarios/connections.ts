import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import WebSocket from 'ws';
import { BootstrapCredentials, clientToken } from '../lib/fixtures';
import { JsonClient } from '../lib/http-client';
import { residentBytes } from '../lib/processes';
import { nowMs, round } from '../lib/stats';
import { openAuthenticatedSocket } from '../lib/ws-client';

export interface ConnectionsResult {
  connections: number;
  connect_s: number;
  memory_per_connection_kib: number;
  fanout_recipients: number;
  fanout_ms: number;
}

/**
 * Opens many idle authenticated sockets (visitors made straight in SQL, one THIRD_PARTY_KEFU
 * token acting for all), measures the server's resident memory per socket, then times one
 * message pushed to `fanout` of them.
 */
export async function connections(options: { credentials: BootstrapCredentials; databaseUrl: string; serverPid: number; count: number; fanout: number }): Promise<ConnectionsResult> {
  const { credentials } = options;
  const app = credentials.app_uuid;
  const users = Array.from({ length: options.count }, () => ({ user: randomUUID(), device: randomUUID() }));
  const conversationUuid = randomUUID();

  const pg = new Client({ connectionString: options.databaseUrl });
  await pg.connect();
  try {
    await pg.query(
      `INSERT INTO users (uuid, app_uuid, user_type, user_fullname, is_anonymous_user) SELECT u, $1, 'PORTAL', 'Bench Visitor', true FROM unnest($2::uuid[]) AS u`,
      [app, users.map((entry) => entry.user)],
    );
    await pg.query(`INSERT INTO app_users (app_uuid, user_uuid, is_portal_user) SELECT $1, u, true FROM unnest($2::uuid[]) AS u`, [app, users.map((entry) => entry.user)]);
    await pg.query(
      `INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype, is_ppcom_device)
       SELECT d, $1, u, d::text, 'LIB', true FROM unnest($2::uuid[], $3::uuid[]) AS t(d, u)`,
      [app, users.map((entry) => entry.device), users.map((entry) => entry.user)],
    );
    const members = [credentials.admin.user_uuid, ...users.slice(0, options.fanout).map((entry) => entry.user)];
    await pg.query(`INSERT INTO conversations (uuid, app_uuid, user_uuid, conversation_type) VALUES ($1, $2, $3, 'S2S')`, [conversationUuid, app, credentials.admin.user_uuid]);
    await pg.query(
      `INSERT INTO conversation_members (uuid, app_uuid, conversation_uuid, user_uuid, conversation_type, conversation_status)
       SELECT gen_random_uuid(), $1, $2, u, 'S2S', 'OPEN' FROM unnest($3::uuid[]) AS u`,
      [app, conversationUuid, members],
    );
    // Bulk loading skips the statistics that autovacuum keeps for gradual growth. Without them,
    // connections that cached the send statement's plan while the app was small keep scanning
    // all of its devices for each member of the large conversation.
    await pg.query('ANALYZE users, app_users, devices, conversations, conversation_members');
  } finally {
    await pg.end();
  }

  const token = await clientToken(credentials, 'THIRD_PARTY_KEFU');
  const wsUrl = credentials.server.replace(/^http/, 'ws') + '/pcsocket/WS';
  const memoryBefore = residentBytes(options.serverPid);
  const received = new Set<string>();
  let fanoutDone: (() => void) | undefined;
  const fanoutUsers = new Set(users.slice(0, options.fanout).map((entry) => entry.user));
  const probeId = randomUUID();
  const sockets: WebSocket[] = [];

  const connectStart = nowMs();
  const batch = 200;
  for (let index = 0; index < users.length; index += batch) {
    const opened = await Promise.all(
      users.slice(index, index + batch).map((entry) =>
        openAuthenticatedSocket(wsUrl, { api_token: token, app_uuid: app, user_uuid: entry.user, device_uuid: entry.device, is_service_user: false }, (frame) => {
          if (frame.type === 'MSG' && frame.msg?.id === probeId && fanoutUsers.has(entry.user)) {
            received.add(entry.user);
            if (received.size === fanoutUsers.size) {
              fanoutDone?.();
            }
          }
        }),
      ),
    );
    sockets.push(...opened);
  }
  const connectSeconds = (nowMs() - connectStart) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const memoryAfter = residentBytes(options.serverPid);

  const client = new JsonClient(credentials.server, 1);
  const allReceived = new Promise<void>((resolve) => (fanoutDone = resolve));
  const sendStart = nowMs();
  const answer = await client.post(
    '/api/PP_SEND_MESSAGE',
    {
      app_uuid: app,
      uuid: probeId,
      conversation_uuid: conversationUuid,
      from_uuid: credentials.admin.user_uuid,
      from_type: 'DU',
      to_uuid: conversationUuid,
      to_type: 'CV',
      conversation_type: 'S2S',
      message_type: 'NOTI',
      message_subtype: 'TEXT',
      message_body: 'fan-out probe',
    },
    { authorization: `OAuth ${token}` },
  );
  if (answer.body.error_code !== 0) {
    throw new Error(`fan-out send failed: ${JSON.stringify(answer.body)}`);
  }
  await Promise.race([allReceived, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  const fanoutMs = nowMs() - sendStart;
  client.close();
  for (const socket of sockets) {
    socket.terminate();
  }
  return {
    connections: sockets.length,
    connect_s: round(connectSeconds, 1),
    memory_per_connection_kib: round((memoryAfter - memoryBefore) / sockets.length / 1024, 1),
    fanout_recipients: received.size,
    fanout_ms: round(fanoutMs, 1),
  };
}
