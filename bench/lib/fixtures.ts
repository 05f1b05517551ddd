import { randomUUID } from 'node:crypto';
import { JsonClient } from './http-client';

export interface BootstrapCredentials {
  server: string;
  app_uuid: string;
  admin: { user_uuid: string; user_email: string; user_password: string };
  api_keys: Record<string, { api_key: string; api_secret: string }>;
}

export interface BenchVisitor {
  token: string;
  userUuid: string;
  deviceUuid: string;
  conversationUuid: string;
}

async function form(baseUrl: string, fields: Record<string, string>): Promise<any> {
  const response = await fetch(`${baseUrl}/ppauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) {
    throw new Error(`token request failed: ${JSON.stringify(body)}`);
  }
  return body;
}

export async function clientToken(credentials: BootstrapCredentials, level: string): Promise<string> {
  const key = credentials.api_keys[level];
  return (await form(credentials.server, { grant_type: 'client_credentials', client_id: key.api_key, client_secret: key.api_secret })).access_token as string;
}

export async function adminKefuToken(credentials: BootstrapCredentials, sha1Password: string): Promise<string> {
  const key = credentials.api_keys.PPKEFU;
  return (
    await form(credentials.server, {
      grant_type: 'password',
      client_id: key.api_key,
      client_secret: key.api_secret,
      user_email: credentials.admin.user_email,
      user_password: sha1Password,
    })
  ).access_token as string;
}

function check(answer: { status: number; body: any }, what: string): any {
  if (answer.body.error_code !== 0 && !(what === 'PP_CREATE_DEVICE' && answer.body.error_code === 25)) {
    throw new Error(`${what} failed: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** Creates a visitor the way the widget does, with a conversation to the app's distributors. */
export async function createVisitor(client: JsonClient, credentials: BootstrapCredentials): Promise<BenchVisitor> {
  const app = credentials.app_uuid;
  const token = await clientToken(credentials, 'PPCOM');
  const auth = { authorization: `OAuth ${token}` };
  const user = check(await client.post('/api/PP_CREATE_ANONYMOUS', { app_uuid: app, ppcom_trace_uuid: randomUUID() }, auth), 'PP_CREATE_ANONYMOUS');
  const device = check(
    await client.post('/api/PP_CREATE_DEVICE', { app_uuid: app, user_uuid: user.user_uuid, device_ostype: 'LIB', device_id: randomUUID() }, auth),
    'PP_CREATE_DEVICE',
  );
  const conversation = check(
    await client.post('/api/PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: user.user_uuid, conversation_type: 'P2S' }, auth),
    'PP_CREATE_CONVERSATION',
  );
  return { token, userUuid: user.user_uuid, deviceUuid: device.device_uuid, conversationUuid: conversation.uuid };
}

export function textMessage(appUuid: string, visitor: BenchVisitor, text: string): Record<string, unknown> {
  return {
    app_uuid: appUuid,
    uuid: randomUUID(),
    conversation_uuid: visitor.conversationUuid,
    from_uuid: visitor.userUuid,
    from_type: 'DU',
    to_uuid: visitor.conversationUuid,
    to_type: 'AP',
    conversation_type: 'P2S',
    message_type: 'NOTI',
    message_subtype: 'TEXT',
    message_body: text,
    device_uuid: visitor.deviceUuid,
  };
}
