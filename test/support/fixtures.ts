import { randomUUID } from 'node:crypto';
import { TokenService } from '../../src/modules/auth/token.service';
import { ConversationProjector } from '../../src/modules/conversation/read-models/conversation.projector';
import { UserAccountService } from '../../src/modules/user/user-account.service';
import { BootstrapFile } from '../../src/setup/bootstrap-file';
import { sha1, TestServer } from './test-server';

export interface Visitor {
  userUuid: string;
  deviceUuid: string;
  token: string;
}

export interface Agent {
  userUuid: string;
  email: string;
  token: string;
}

/**
 * Inserts a visitor with a browser device and returns a PPCOM token bound to it, as the widget
 * has after PP_CREATE_ANONYMOUS and PP_CREATE_DEVICE.
 */
export async function createVisitor(server: TestServer, options: { appUuid?: string; keys?: BootstrapFile['api_keys']; fullname?: string } = {}): Promise<Visitor> {
  const appUuid = options.appUuid ?? server.appUuid;
  const userUuid = randomUUID();
  const deviceUuid = randomUUID();
  const fullname = options.fullname ?? 'Local Area.User';
  await server.dataSource.query(
    `INSERT INTO users (uuid, app_uuid, user_type, user_name, user_email, email_key, user_status, user_fullname, is_anonymous_user, ppcom_trace_uuid)
     VALUES ($1, $2, 'PORTAL', $3, $4, $4, 'ANONYMOUS', $3, true, $5)`,
    [userUuid, appUuid, fullname, `${userUuid.slice(0, 6)}@${appUuid.slice(0, 6)}`, randomUUID()],
  );
  await server.dataSource.query(`INSERT INTO app_users (app_uuid, user_uuid, is_portal_user) VALUES ($1, $2, true)`, [appUuid, userUuid]);
  await server.dataSource.query(
    `INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype, is_ppcom_device) VALUES ($1, $2, $3, $4, 'LIB', true)`,
    [deviceUuid, appUuid, userUuid, randomUUID()],
  );
  const token = await server.clientToken('PPCOM', options.keys);
  const tokens = server.app.get(TokenService);
  const principal = await tokens.authenticate(token);
  await tokens.bindUser(principal!.tokenUuid, userUuid);
  return { userUuid, deviceUuid, token };
}

/** Inserts an agent (service user) of the app and returns its PPKEFU password-grant token. */
export async function createAgent(
  server: TestServer,
  options: { appUuid?: string; keys?: BootstrapFile['api_keys']; distributor?: boolean; online?: boolean; status?: string; fullname?: string } = {},
): Promise<Agent> {
  const appUuid = options.appUuid ?? server.appUuid;
  const email = `agent-${randomUUID().slice(0, 8)}@example.test`;
  const password = 'agent-password';
  const users = server.app.get(UserAccountService);
  const user = await server.dataSource.transaction(async (manager) => {
    const created = await users.createServiceUser(manager, { appUuid, email, fullname: options.fullname ?? `Agent ${email.slice(6, 10)}`, passwordSha1: sha1(password), userStatus: 'SERVICE' });
    await users.addMembership(manager, appUuid, created.uuid, { isOwner: false, isService: true, isDistributor: options.distributor ?? true, isPortal: false });
    return created;
  });
  if (options.status) {
    await server.dataSource.query(`UPDATE users SET service_user_status = $2 WHERE uuid = $1`, [user.uuid, options.status]);
  }
  if (options.online) {
    await server.dataSource.query(
      `INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype, device_is_online) VALUES ($1, $2, $3, $4, 'MAC', true)`,
      [randomUUID(), appUuid, user.uuid, randomUUID()],
    );
  }
  const { token } = await server.passwordToken('PPKEFU', email, password, options.keys);
  return { userUuid: user.uuid, email, token };
}

/** A text message body as the widget sends it. */
export function textMessage(appUuid: string, conversationUuid: string, fromUuid: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    app_uuid: appUuid,
    uuid: randomUUID(),
    conversation_uuid: conversationUuid,
    from_uuid: fromUuid,
    from_type: 'DU',
    to_uuid: conversationUuid,
    to_type: 'AP',
    conversation_type: 'P2S',
    message_type: 'NOTI',
    message_subtype: 'TEXT',
    message_body: text,
    ...extra,
  };
}

/** Reads both conversation read models of an app (members' list rows and the team inbox) in a stable order. */
export async function readModels(server: TestServer, appUuid: string): Promise<{ members: unknown[]; inbox: unknown[] }> {
  return {
    members: await server.dataSource.query(`SELECT * FROM member_conversation_views WHERE app_uuid = $1 ORDER BY user_uuid, conversation_uuid`, [appUuid]),
    inbox: await server.dataSource.query(`SELECT * FROM team_inbox_views WHERE app_uuid = $1 ORDER BY conversation_uuid`, [appUuid]),
  };
}

/** Recomputes both read models of an app from the write tables. */
export async function rebuildReadModels(server: TestServer, appUuid: string): Promise<void> {
  await server.dataSource.transaction((manager) => server.app.get(ConversationProjector).rebuild(manager, appUuid));
}
