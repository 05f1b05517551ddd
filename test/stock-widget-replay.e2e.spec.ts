import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { createOtherApp, sha1, TestServer } from './support/test-server';
import { Frame, WsClient } from './support/ws-client';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{6}$/;

/**
 * Replays the calls the stock widget (ppcom) and the stock agent app (ppkefu) make, in their
 * order and with their bodies, and checks every response field they read.
 */
describe('stock widget and agent app replay', () => {
  let server: TestServer;
  let app: string;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    app = server.appUuid;
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server.close();
  });

  async function openSocket(): Promise<WsClient> {
    const client = await WsClient.connect(server.baseUrl);
    clients.push(client);
    return client;
  }

  /** startup.js step 1: the PPCOM key and secret baked into the widget, form-encoded. */
  async function widgetToken(keys = server.bootstrap.api_keys): Promise<string> {
    const answer = await server.tokenRequest({ client_id: keys.PPCOM.api_key, client_secret: keys.PPCOM.api_secret, grant_type: 'client_credentials' });
    expect(answer.status).toBe(200);
    expect(typeof answer.body.access_token).toBe('string');
    return answer.body.access_token as string;
  }

  interface WidgetVisitor {
    token: string;
    userUuid: string;
    deviceUuid: string;
    socket: WsClient;
  }

  /** Runs the widget's page load for an anonymous visitor, up to GET_UNACKED_MESSAGES. */
  async function anonymousPageLoad(traceUuid: string, deviceId: string, appUuid = app, keys = server.bootstrap.api_keys): Promise<WidgetVisitor & { deviceCreateCode: number }> {
    const token = await widgetToken(keys);
    const appInfo = await server.api('PP_GET_APP_INFO', { app_uuid: appUuid }, token);
    expect(appInfo.body.error_code).toBe(0);
    expect(appInfo.body.uuid).toBe(appUuid);
    expect(typeof appInfo.body.app_name).toBe('string');
    expect(['BROADCAST', 'SMART', 'GROUP']).toContain(appInfo.body.app_route_policy);
    expect(appInfo.body.app_secret).toBeUndefined();

    const anonymous = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: appUuid, ppcom_trace_uuid: traceUuid }, token);
    expect(anonymous.body.error_code).toBe(0);
    const userUuid = anonymous.body.user_uuid as string;
    expect(userUuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof anonymous.body.user_fullname).toBe('string');
    expect(typeof anonymous.body.user_email).toBe('string');
    // An identicon URL served here on the first visit; the icon PP_UPDATE_USER set on later ones.
    expect(anonymous.body.user_icon).toMatch(/^https?:\/\/.+\.png$/);

    const update = await server.api('PP_UPDATE_USER', { app_uuid: appUuid, user_uuid: userUuid, user_fullname: 'Wanda Widget', user_icon: 'https://cdn.example/wanda.png' }, token);
    expect(update.body.error_code).toBe(0);

    const device = await server.api('PP_CREATE_DEVICE', { app_uuid: appUuid, user_uuid: userUuid, device_ostype: 'MAB', ppcom_trace_uuid: traceUuid, device_id: deviceId }, token);
    expect([0, 25]).toContain(device.body.error_code);
    const deviceUuid = device.body.device_uuid as string;
    expect(deviceUuid).toMatch(/^[0-9a-f-]{36}$/);
    if (device.body.error_code === 0) {
      const updated = await server.api('PP_UPDATE_DEVICE', { device_uuid: deviceUuid, device_ostype: 'MAB' }, token);
      expect(updated.body.error_code).toBe(0);
    }

    const socket = await openSocket();
    socket.send({
      type: 'auth',
      api_token: token,
      app_uuid: appUuid,
      user_uuid: userUuid,
      device_uuid: deviceUuid,
      is_service_user: false,
      extra_data: { title: 'Pricing - Shop', location: { href: 'https://shop.example/pricing', host: 'shop.example', pathname: '/pricing' } },
    });
    expect(await socket.ack('AUTH')).toEqual({ type: 'ACK', what: 'AUTH', code: 0, reason: 'success, nothing to say.', extra: null });
    const unacked = await server.api('GET_UNACKED_MESSAGES', { app_uuid: appUuid, from_uuid: userUuid, device_uuid: deviceUuid }, token);
    expect(unacked.body.error_code).toBe(0);
    expect(unacked.body.size).toBe(0);
    expect(unacked.body.list).toEqual([]);
    expect(unacked.body.message).toEqual({});
    return { token, userUuid, deviceUuid, socket, deviceCreateCode: device.body.error_code as number };
  }

  /** Builds the message object the widget sends. */
  function widgetMessage(visitor: WidgetVisitor, conversationUuid: string, subtype: string, body: string): Record<string, unknown> {
    return {
      uuid: randomUUID(),
      app_uuid: app,
      conversation_uuid: conversationUuid,
      conversation_type: 'P2S',
      from_uuid: visitor.userUuid,
      from_type: 'DU',
      to_uuid: conversationUuid,
      to_type: 'AP',
      message_type: 'NOTI',
      message_subtype: subtype,
      message_body: body,
      device_uuid: visitor.deviceUuid,
    };
  }

  async function sendOverSocket(visitor: WidgetVisitor, message: Record<string, unknown>): Promise<Frame> {
    visitor.socket.send({ type: 'send', send: message });
    return visitor.socket.waitFor((frame) => frame.type === 'ACK' && frame.what === 'SEND' && frame.extra?.uuid === message.uuid, 5000, `ACK SEND ${String(message.uuid)}`);
  }

  async function upload(content: Buffer | string, name: string, type: string, auth: { token?: string; userUuid?: string }): Promise<string> {
    const form = new FormData();
    form.append('upload_type', 'file');
    form.append('subtype', 'FILE');
    if (auth.userUuid) {
      form.append('user_uuid', auth.userUuid);
    }
    form.append('file', new Blob([content], { type }), name);
    const headers: Record<string, string> = auth.token ? { authorization: `OAuth ${auth.token}` } : {};
    const response = await fetch(`${server.baseUrl}/upload`, { method: 'POST', body: form, headers });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { fuuid: string };
    expect(body.fuuid).toMatch(/^[0-9a-f-]{36}$/);
    return body.fuuid;
  }

  it('anonymous visitor and agent app full session', async () => {
    const traceUuid = randomUUID();
    const deviceId = randomUUID();
    const first = await anonymousPageLoad(traceUuid, deviceId);
    expect(first.deviceCreateCode).toBe(0);
    await first.socket.close();

    // A reload with the same cookies finds the same visitor and device (25 counts as success).
    const visitor = await anonymousPageLoad(traceUuid, deviceId);
    expect(visitor.userUuid).toBe(first.userUuid);
    expect(visitor.deviceUuid).toBe(first.deviceUuid);
    expect(visitor.deviceCreateCode).toBe(25);

    // Launcher click.
    const conversation = await server.api('PPCOM_GET_DEFAULT_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid }, visitor.token);
    expect(conversation.body.error_code).toBe(0);
    const conversationUuid = conversation.body.uuid as string;
    expect(conversationUuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(conversation.body.conversation_type).toBe('P2S');
    expect(typeof conversation.body.app_name).toBe('string');
    expect(typeof conversation.body.app_welcome).toBe('string');
    const adminUuid = server.bootstrap.admin.user_uuid;
    const adminCard = (conversation.body.user_list as Record<string, any>[]).find((card) => card.uuid === adminUuid)!;
    expect(adminCard).toBeDefined();
    expect(typeof adminCard.user_fullname).toBe('string');
    expect(typeof adminCard.updatetime).toBe('number');
    expect(typeof adminCard.is_browser_online).toBe('boolean');
    expect(typeof adminCard.is_mobile_online).toBe('boolean');
    const users = await server.api('PP_GET_CONVERSATION_USER_LIST', { app_uuid: app, conversation_uuid: conversationUuid }, visitor.token);
    expect(users.body.error_code).toBe(0);
    expect((users.body.list as { uuid: string }[]).map((user) => user.uuid).sort()).toEqual([adminUuid, visitor.userUuid].sort());

    // Conversation list view.
    const groups = await server.api('PP_GET_APP_ORG_GROUP_LIST', { app_uuid: app }, visitor.token);
    expect(groups.body.error_code).toBe(0);
    expect(Array.isArray(groups.body.list)).toBe(true);

    // Sending: a text, a long text as TEXT, an image and a file.
    const hello = widgetMessage(visitor, conversationUuid, 'TEXT', 'Hello, is anyone there?');
    const helloAck = await sendOverSocket(visitor, hello);
    expect(helloAck).toEqual({ type: 'ACK', what: 'SEND', code: 0, reason: 'success, nothing to say.', extra: { uuid: hello.uuid, conversation_uuid: conversationUuid } });
    const longText = 'Ünïcödé long question '.repeat(30);
    expect(longText.length).toBeGreaterThan(128);
    expect((await sendOverSocket(visitor, widgetMessage(visitor, conversationUuid, 'TEXT', longText))).code).toBe(0);
    const image = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 10, g: 120, b: 60 } } }).png().toBuffer();
    const imageFid = await upload(image, 'screenshot.png', 'image/png', { token: visitor.token });
    const imageMessage = widgetMessage(visitor, conversationUuid, 'IMAGE', JSON.stringify({ fid: imageFid, mime: 'image/png' }));
    expect((await sendOverSocket(visitor, imageMessage)).code).toBe(0);
    const fileFid = await upload('%PDF-1.7 invoice', 'invoice.pdf', 'application/pdf', { userUuid: visitor.userUuid });
    const fileMessage = widgetMessage(visitor, conversationUuid, 'FILE', JSON.stringify({ fid: fileFid, name: 'invoice.pdf', mime: 'application/pdf' }));
    expect((await sendOverSocket(visitor, fileMessage)).code).toBe(0);

    const userList = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: visitor.userUuid }, visitor.token);
    expect(userList.body.error_code).toBe(0);
    expect((userList.body.list as { uuid: string }[]).map((item) => item.uuid)).toContain(conversationUuid);

    // The agent app logs in: password grant (form body, sha1 password), PPKEFU_LOGIN, socket.
    const grant = await server.tokenRequest({
      grant_type: 'password',
      client_id: server.bootstrap.api_keys.PPKEFU.api_key,
      client_secret: server.bootstrap.api_keys.PPKEFU.api_secret,
      user_email: server.bootstrap.admin.user_email,
      user_password: sha1(server.bootstrap.admin.user_password),
    });
    expect(grant.status).toBe(200);
    expect(grant.body.user_uuid).toBe(adminUuid);
    const agentToken = grant.body.access_token as string;
    const login = await server.api('PPKEFU_LOGIN', { app_uuid: app, user_uuid: adminUuid, device_id: randomUUID(), device_ostype: 'MAC', device_fullname: 'Chrome on Mac' }, agentToken);
    expect(login.body.error_code).toBe(0);
    const agentDevice = login.body.device_uuid as string;
    expect(login.body.uuid).toBe(adminUuid);
    expect(login.body.service_user_status).toBe('READY');
    const agentSocket = await openSocket();
    agentSocket.send({ type: 'auth', api_token: agentToken, app_uuid: app, user_uuid: adminUuid, device_uuid: agentDevice, is_service_user: true, extra_data: {} });
    expect((await agentSocket.ack('AUTH')).code).toBe(0);
    const team = await server.api('PP_GET_APP_SERVICE_USER_LIST', { app_uuid: app }, agentToken);
    const me = (team.body.list as Record<string, any>[]).find((user) => user.uuid === adminUuid)!;
    expect(me.is_browser_online).toBe(true);
    expect(me.is_service_user).toBe(true);
    const inbox = await server.api('PP_GET_APP_CONVERSATION_LIST', { app_uuid: app }, agentToken);
    const listed = (inbox.body.list as Record<string, any>[]).find((item) => item.uuid === conversationUuid)!;
    expect(listed).toBeDefined();
    expect(listed.message_total_count).toBe(4);

    // The agent replies; the widget gets MSG and acknowledges its pid.
    const reply = {
      uuid: randomUUID(),
      app_uuid: app,
      conversation_uuid: conversationUuid,
      conversation_type: 'S2P',
      from_uuid: adminUuid,
      from_type: 'DU',
      to_uuid: visitor.userUuid,
      to_type: 'DU',
      message_type: 'NOTI',
      message_subtype: 'TEXT',
      message_body: 'Yes! How can I help?',
      device_uuid: agentDevice,
    };
    agentSocket.send({ type: 'send', send: reply });
    expect((await agentSocket.waitFor((frame) => frame.what === 'SEND' && frame.extra?.uuid === reply.uuid)).code).toBe(0);
    const pushed = await visitor.socket.waitForMessage(reply.uuid);
    expect(pushed.msg.ci).toBe(conversationUuid);
    expect(pushed.msg.bo).toBe('Yes! How can I help?');
    expect(pushed.msg.mt).toBe('NOTI');
    expect(pushed.msg.ms).toBe('TEXT');
    expect(pushed.msg.fi).toBe(adminUuid);
    expect(typeof pushed.msg.pid).toBe('string');
    expect(pushed.msg.from_user.uuid).toBe(adminUuid);
    expect(typeof pushed.msg.from_user.user_fullname).toBe('string');
    expect((await server.api('ACK_MESSAGE', { list: [pushed.msg.pid] }, visitor.token)).body.error_code).toBe(0);
    const afterAck = await server.api('GET_UNACKED_MESSAGES', { app_uuid: app, from_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid }, visitor.token);
    expect(afterAck.body.list).not.toContain(pushed.msg.pid);

    // History: the first page pins max_id; the next page keeps it while a new message arrives.
    const page0 = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0, page_size: 3, max_id: null }, visitor.token);
    expect(page0.body.error_code).toBe(0);
    expect(page0.body.total_count).toBe(5);
    const pinned = page0.body.list[0].uuid as string;
    expect(pinned).toBe(reply.uuid);
    const bodies0 = (page0.body.list as { message_body: string }[]).map((item) => JSON.parse(item.message_body));
    expect(bodies0.map((body) => body.ms)).toEqual(['TEXT', 'FILE', 'IMAGE']);
    expect(JSON.parse(bodies0[1].bo)).toEqual({ fid: fileFid, mime: 'application/pdf', size: 16, name: 'invoice.pdf' });
    expect(JSON.parse(bodies0[2].bo)).toMatchObject({ orig: imageFid, mime: 'image/png', orig_width: 320, orig_height: 200 });
    expect(typeof page0.body.list[0].from_user.user_fullname).toBe('string');
    await sendOverSocket(visitor, widgetMessage(visitor, conversationUuid, 'TEXT', 'One more thing'));
    const page1 = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 1, page_size: 3, max_id: pinned }, visitor.token);
    const bodies1 = (page1.body.list as { message_body: string }[]).map((item) => JSON.parse(item.message_body));
    expect(bodies1.map((body) => body.bo)).toEqual([longText, 'Hello, is anyone there?']);
    expect(bodies1[0].ms).toBe('TEXT');
    expect(page1.body.list[1].createtime).toMatch(DATETIME);
  });

  it('named visitor page load', async () => {
    const token = await widgetToken();
    const email = `named-${randomUUID().slice(0, 8)}@shop.example`;
    const identified = await server.api('PP_GET_USER_UUID', { app_uuid: app, user_icon: 'https://cdn.example/n.png', user_email: email, user_fullname: 'Nora Named' }, token);
    expect(identified.body.error_code).toBe(0);
    const userUuid = identified.body.user_uuid as string;
    const card = await server.api('GET_YVOBJECT_DETAIL', { uuid: userUuid, type: 'DU' }, token);
    expect(card.body.error_code).toBe(0);
    expect(card.body.uuid).toBe(userUuid);
    expect(card.body.user_email).toBe(email);
    expect(card.body.user_fullname).toBe('Nora Named');
    expect(card.body.user_icon).toBe('https://cdn.example/n.png');
    const device = await server.api('PP_CREATE_DEVICE', { app_uuid: app, user_uuid: userUuid, device_ostype: 'MAB', ppcom_trace_uuid: null, device_id: randomUUID() }, token);
    expect(device.body.error_code).toBe(0);
    const socket = await openSocket();
    socket.send({ type: 'auth', api_token: token, app_uuid: app, user_uuid: userUuid, device_uuid: device.body.device_uuid, is_service_user: false, extra_data: { title: 'Account', location: { href: 'https://shop.example/account' } } });
    expect((await socket.ack('AUTH')).code).toBe(0);
  });

  it('waiting visitor gets a conversation', async () => {
    const other = await createOtherApp(server, 'Queue Team');
    const consoleToken = (await server.passwordToken('PPCONSOLE', other.ownerEmail, other.ownerPassword, other.keys)).token;
    const { token: ownerKefuToken, userUuid: ownerUuid } = await server.passwordToken('PPKEFU', other.ownerEmail, other.ownerPassword, other.keys);
    expect((await server.api('PPKEFU_SET_BUSY', { app_uuid: other.appUuid, user_uuid: ownerUuid }, ownerKefuToken)).body.error_code).toBe(0);
    expect((await server.api('PP_UPDATE_APP_INFO', { app_uuid: other.appUuid, app_route_policy: 'GROUP' }, consoleToken)).body.error_code).toBe(0);
    const group = await server.api('PP_CREATE_ORG_GROUP', { app_uuid: other.appUuid, group_name: 'First line', is_distributor: true }, consoleToken);
    expect(group.body.error_code).toBe(0);
    expect((await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: other.appUuid, group_uuid: group.body.uuid, user_list: [ownerUuid] }, consoleToken)).body.error_code).toBe(0);

    const visitor = await anonymousPageLoad(randomUUID(), randomUUID(), other.appUuid, other.keys);
    const waiting = await server.api('PPCOM_GET_DEFAULT_CONVERSATION', { app_uuid: other.appUuid, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid }, visitor.token);
    expect(waiting.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PPCOM_GET_DEFAULT_CONVERSATION' });
    expect(await visitor.socket.ack('CONVERSATION')).toEqual({ type: 'ACK', what: 'CONVERSATION', code: 11, reason: 'keep waiting to create conversation.', extra: {} });
    const length = await server.api('PP_GET_AMD_QUEUE_LENGTH', { app_uuid: other.appUuid }, visitor.token);
    expect(length.body).toEqual({ length: 1, error_code: 0, error_string: 'success.', uri: '/PP_GET_AMD_QUEUE_LENGTH' });

    expect((await server.api('PPKEFU_SET_READY', { app_uuid: other.appUuid, user_uuid: ownerUuid }, ownerKefuToken)).body.error_code).toBe(0);
    const assigned = await visitor.socket.waitFor((frame) => frame.what === 'CONVERSATION' && frame.code === 0, 5000, 'ACK CONVERSATION 0');
    expect(assigned).toEqual({ type: 'ACK', what: 'CONVERSATION', code: 0, reason: 'success, nothing to say.', extra: { conversation_uuid: expect.any(String) } });
    const conversationUuid = assigned.extra.conversation_uuid as string;
    const info = await server.api('PP_GET_CONVERSATION_INFO', { app_uuid: other.appUuid, user_uuid: visitor.userUuid, conversation_uuid: conversationUuid }, visitor.token);
    expect(info.body.error_code).toBe(0);
    expect(info.body.uuid).toBe(conversationUuid);
    expect(info.body.assigned_uuid).toBe(ownerUuid);
    expect((await server.api('PP_GET_AMD_QUEUE_LENGTH', { app_uuid: other.appUuid }, visitor.token)).body.length).toBe(0);
  });
});
