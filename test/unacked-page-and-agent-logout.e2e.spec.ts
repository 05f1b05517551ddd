import { randomUUID } from 'node:crypto';
import { Agent, createAgent, createVisitor, textMessage, Visitor } from './support/fixtures';
import { createOtherApp, TestServer } from './support/test-server';
import { WsClient } from './support/ws-client';

describe('PP_PAGE_UNACKED_MESSAGE and agent device sessions', () => {
  let server: TestServer;
  let app: string;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    app = server.appUuid;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await server.close();
  });

  describe('PP_PAGE_UNACKED_MESSAGE', () => {
    /** A visitor with three unacknowledged messages from an agent, oldest first. */
    async function pending(): Promise<{ visitor: Visitor; agent: Agent; sent: string[] }> {
      const agent = await createAgent(server);
      const visitor = await createVisitor(server);
      const created = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, conversation_type: 'P2S', member_list: [agent.userUuid] }, visitor.token);
      const sent: string[] = [];
      for (const text of ['one', 'two', 'three']) {
        const message = textMessage(app, created.body.uuid, agent.userUuid, text, { conversation_type: 'S2P' });
        expect((await server.api('PP_SEND_MESSAGE', message, agent.token)).body.error_code).toBe(0);
        sent.push(message.uuid as string);
      }
      return { visitor, agent, sent };
    }

    const pageBody = (visitor: Visitor, extra: Record<string, unknown> = {}) => ({ app_uuid: app, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid, ...extra });

    it('answers the newest page first with pid and compact body', async () => {
      const { visitor, agent, sent } = await pending();
      const answer = await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor, { page_size: 2 }), visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_PAGE_UNACKED_MESSAGE');
      expect(answer.body.total_count).toBe(3);
      expect(answer.body.return_count).toBe(2);
      expect(answer.body.page_offset).toBe(0);
      expect(answer.body.page_size).toBe(2);
      expect(answer.body.list.map((item: Record<string, unknown>) => item.id)).toEqual([sent[2], sent[1]]);
      const [first] = answer.body.list;
      const [delivery] = await server.dataSource.query(`SELECT uuid FROM deliveries WHERE message_uuid = $1 AND device_uuid = $2`, [sent[2], visitor.deviceUuid]);
      expect(first.pid).toBe(delivery.uuid);
      expect(first.bo).toBe('three');
      expect(first.fi).toBe(agent.userUuid);
      expect(first.mt).toBe('NOTI');
      expect(first.ms).toBe('TEXT');
      expect(typeof first.ts).toBe('number');

      const second = await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor, { page_size: 2, page_offset: 1 }), visitor.token);
      expect(second.body.list.map((item: Record<string, unknown>) => item.id)).toEqual([sent[0]]);
      const past = await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor, { page_size: 2, page_offset: 5 }), visitor.token);
      expect(past.body.list).toEqual([]);
      expect(past.body.total_count).toBe(3);
    });

    it('defaults to 30 per page, clamps to 100, and leaves acknowledged deliveries out', async () => {
      const { visitor } = await pending();
      const answer = await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor), visitor.token);
      expect(answer.body.page_size).toBe(30);
      expect((await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor, { page_size: 5000 }), visitor.token)).body.page_size).toBe(100);
      expect((await server.api('ACK_MESSAGE', { list: [answer.body.list[0].pid] }, visitor.token)).body.error_code).toBe(0);
      const after = await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor), visitor.token);
      expect(after.body.total_count).toBe(2);
      expect(after.body.list.map((item: Record<string, unknown>) => item.pid)).not.toContain(answer.body.list[0].pid);
    });

    it('serves a THIRD_PARTY_KEFU token for any user of its app', async () => {
      const { visitor } = await pending();
      const answer = await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor), await server.clientToken('THIRD_PARTY_KEFU'));
      expect(answer.body.total_count).toBe(3);
    });

    it.each(['app_uuid', 'user_uuid', 'device_uuid'])('without %s is 6', async (field) => {
      const { visitor } = await pending();
      const body: Record<string, unknown> = pageBody(visitor);
      delete body[field];
      expect((await server.api('PP_PAGE_UNACKED_MESSAGE', body, visitor.token)).body.error_code).toBe(6);
    });

    it.each([
      ['device_uuid', 5],
      ['page_offset', '1'],
      ['page_size', 2.5],
    ])('with a wrong type for %s is 28', async (field, value) => {
      const { visitor } = await pending();
      expect((await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor, { [field]: value }), visitor.token)).body.error_code).toBe(28);
    });

    it.each([
      ['device_uuid', 'nope'],
      ['page_offset', -1],
      ['page_size', 0],
    ])('with an invalid %s is 44', async (field, value) => {
      const { visitor } = await pending();
      expect((await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor, { [field]: value }), visitor.token)).body.error_code).toBe(44);
    });

    it('with a console token is 4', async () => {
      const { visitor } = await pending();
      const { token } = await server.passwordToken('PPCONSOLE');
      expect((await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor), token)).body.error_code).toBe(4);
    });

    it('for another app is 20', async () => {
      const { visitor } = await pending();
      const other = await createOtherApp(server);
      expect((await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor, { app_uuid: other.appUuid }), visitor.token)).body.error_code).toBe(20);
    });

    it('acting as another user is 20', async () => {
      const { visitor, agent } = await pending();
      expect((await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor), agent.token)).body.error_code).toBe(20);
    });

    it("another user's or another app's device is 8", async () => {
      const { visitor } = await pending();
      const neighbour = await createVisitor(server);
      const other = await createOtherApp(server);
      const foreign = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      for (const deviceUuid of [neighbour.deviceUuid, foreign.deviceUuid]) {
        expect((await server.api('PP_PAGE_UNACKED_MESSAGE', pageBody(visitor, { device_uuid: deviceUuid }), visitor.token)).body.error_code).toBe(8);
      }
    });
  });

  describe('PPKEFU_LOGIN and PPKEFU_LOGOUT end older sockets', () => {
    async function login(agent: Agent, deviceId: string, ostype: string): Promise<string> {
      const answer = await server.api('PPKEFU_LOGIN', { app_uuid: app, user_uuid: agent.userUuid, device_id: deviceId, device_ostype: ostype }, agent.token);
      expect(answer.body.error_code).toBe(0);
      return answer.body.device_uuid as string;
    }

    async function agentSocket(agent: Agent, deviceUuid: string): Promise<WsClient> {
      const client = await WsClient.connect(server.baseUrl);
      clients.push(client);
      client.send({ type: 'auth', api_token: agent.token, app_uuid: app, user_uuid: agent.userUuid, device_uuid: deviceUuid, is_service_user: true });
      expect((await client.ack('AUTH')).code).toBe(0);
      return client;
    }

    const isOnline = async (deviceUuid: string) => (await server.dataSource.query(`SELECT device_is_online FROM devices WHERE uuid = $1`, [deviceUuid]))[0].device_is_online as boolean;

    it('a login on a new browser sends SYS/LOGOUT to the older browser and marks it offline', async () => {
      const agent = await createAgent(server);
      const oldDevice = await login(agent, randomUUID(), 'MAC');
      const oldSocket = await agentSocket(agent, oldDevice);
      const newDevice = await login(agent, randomUUID(), 'WIN');
      const frame = await oldSocket.waitFor((candidate) => candidate.type === 'MSG', 5000, 'SYS/LOGOUT');
      expect(frame).toEqual({ type: 'MSG', msg: { mt: 'SYS', ms: 'LOGOUT', bo: oldDevice } });
      expect(await isOnline(oldDevice)).toBe(false);
      expect(await isOnline(newDevice)).toBe(true);
    });

    it('a login on a phone leaves the browser alone', async () => {
      const agent = await createAgent(server);
      const browser = await login(agent, randomUUID(), 'MAC');
      const browserSocket = await agentSocket(agent, browser);
      const phone = await login(agent, randomUUID(), 'IOS');
      const phoneSocket = await agentSocket(agent, phone);
      // A frame the browser socket must still receive proves no SYS/LOGOUT came before it.
      phoneSocket.send({ type: 'dance' });
      await phoneSocket.ack('WS');
      browserSocket.send({ type: 'dance' });
      await browserSocket.ack('WS');
      expect(browserSocket.frames.filter((frame) => frame.type === 'MSG')).toEqual([]);
      expect(await isOnline(browser)).toBe(true);
    });

    it('PPKEFU_LOGOUT closes the device socket', async () => {
      const agent = await createAgent(server);
      const device = await login(agent, randomUUID(), 'MAC');
      const socket = await agentSocket(agent, device);
      const answer = await server.api('PPKEFU_LOGOUT', { app_uuid: app, user_uuid: agent.userUuid, device_uuid: device }, agent.token);
      expect(answer.body.error_code).toBe(0);
      const closed = await socket.closed;
      expect(closed.code).toBe(1000);
      expect(await isOnline(device)).toBe(false);
    });
  });
});
