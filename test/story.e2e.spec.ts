import { randomUUID } from 'node:crypto';
import { textMessage } from './support/fixtures';
import { TestServer } from './support/test-server';

/**
 * The whole visitor-to-agent story through the public API only: the widget starts up, the
 * visitor writes, the agent answers from the team inbox, closes, and the visitor comes back.
 */
describe('visitor and agent story', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(async () => {
    await server.close();
  });

  it('runs from widget start to re-opened conversation', async () => {
    const app = server.appUuid;

    // The widget: PPCOM token, anonymous visitor, browser device, default conversation.
    const visitorToken = await server.clientToken('PPCOM');
    const anonymous = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: app, ppcom_trace_uuid: randomUUID() }, visitorToken);
    expect(anonymous.body.error_code).toBe(0);
    const visitorUuid = anonymous.body.user_uuid as string;
    const device = await server.api('PP_CREATE_DEVICE', { app_uuid: app, user_uuid: visitorUuid, device_ostype: 'LIB', device_id: randomUUID() }, visitorToken);
    expect(device.body.error_code).toBe(0);
    const conversation = await server.api('PPCOM_GET_DEFAULT_CONVERSATION', { app_uuid: app, user_uuid: visitorUuid, device_uuid: device.body.device_uuid }, visitorToken);
    expect(conversation.body.error_code).toBe(0);
    const conversationUuid = conversation.body.uuid as string;

    // The agent (the bootstrap owner, a distributor) logs in with the agent app's calls.
    const { token: agentToken, userUuid: agentUuid } = await server.passwordToken('PPKEFU');
    const login = await server.api('PPKEFU_LOGIN', { app_uuid: app, user_uuid: agentUuid, device_id: randomUUID(), device_ostype: 'MAC' }, agentToken);
    expect(login.body.error_code).toBe(0);
    expect(conversation.body.user_list.map((card: { uuid: string }) => card.uuid)).toContain(agentUuid);

    const first = await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitorUuid, 'Hello, is anyone there?', { device_uuid: device.body.device_uuid }), visitorToken);
    expect(first.body.error_code).toBe(0);

    const inbox = async () => (await server.api('PP_GET_APP_CONVERSATION_LIST', { app_uuid: app }, agentToken)).body.list as Record<string, any>[];
    const listed = (await inbox()).find((item) => item.uuid === conversationUuid);
    expect(listed).toBeDefined();
    expect(listed!.latest_message.body).toBe('Hello, is anyone there?');
    expect(listed!.unread_count).toBe(1);
    expect(listed!.create_user.uuid).toBe(visitorUuid);

    const reply = { ...textMessage(app, conversationUuid, agentUuid, 'Yes! How can I help?'), conversation_type: 'S2P', to_type: 'DU', to_uuid: visitorUuid };
    expect((await server.api('PP_SEND_MESSAGE', reply, agentToken)).body.error_code).toBe(0);
    const afterReply = (await inbox()).find((item) => item.uuid === conversationUuid);
    expect(afterReply!.unread_count).toBe(0);
    expect(afterReply!.message_total_count).toBe(2);

    const history = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0, page_size: 20 }, visitorToken);
    expect(history.body.list.map((item: { body: string }) => item.body)).toEqual(['Yes! How can I help?', 'Hello, is anyone there?']);
    const agentCompact = JSON.parse(history.body.list[0].message_body);
    expect(agentCompact.tt).toBe('AP');
    expect(agentCompact.ti).toBe(app);

    const visitorList = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: visitorUuid }, visitorToken);
    expect(visitorList.body.list[0].unread_count).toBe(1);

    const closed = await server.api('PP_CLOSE_CONVERSATION', { app_uuid: app, user_uuid: agentUuid, conversation_uuid: conversationUuid }, agentToken);
    expect(closed.body.error_code).toBe(0);
    expect((await inbox()).some((item) => item.uuid === conversationUuid)).toBe(false);

    expect((await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitorUuid, 'One more question'), visitorToken)).body.error_code).toBe(0);
    const back = (await inbox()).find((item) => item.uuid === conversationUuid);
    expect(back).toBeDefined();
    expect(back!.latest_message.body).toBe('One more question');
    const agentList = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: agentUuid }, agentToken);
    expect(agentList.body.list.map((item: { uuid: string }) => item.uuid)).toContain(conversationUuid);
  });
});
