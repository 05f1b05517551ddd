import { randomUUID } from 'node:crypto';
import { RealtimeGateway } from '../src/modules/realtime/realtime.gateway';
import { Agent, createAgent, createVisitor, textMessage, Visitor } from './support/fixtures';
import { createOtherApp, TestServer } from './support/test-server';
import { Frame, WsClient } from './support/ws-client';

describe('real-time delivery', () => {
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

  async function connect(): Promise<WsClient> {
    const client = await WsClient.connect(server.baseUrl);
    clients.push(client);
    return client;
  }

  /** An agent with a browser device, as after PPKEFU_LOGIN. */
  async function agentWithDevice(): Promise<Agent & { deviceUuid: string }> {
    const agent = await createAgent(server);
    const deviceUuid = randomUUID();
    await server.dataSource.query(`INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype) VALUES ($1, $2, $3, $4, 'MAC')`, [deviceUuid, app, agent.userUuid, randomUUID()]);
    return { ...agent, deviceUuid };
  }

  async function chat(): Promise<{ visitor: Visitor; agent: Agent & { deviceUuid: string }; conversationUuid: string }> {
    const agent = await agentWithDevice();
    const visitor = await createVisitor(server);
    const created = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, conversation_type: 'P2S', member_list: [agent.userUuid] }, visitor.token);
    expect(created.body.error_code).toBe(0);
    return { visitor, agent, conversationUuid: created.body.uuid };
  }

  function visitorAuth(visitor: Visitor): Frame {
    return { type: 'auth', api_token: visitor.token, app_uuid: app, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid, is_service_user: false, extra_data: { title: 'Pricing', location: { href: 'https://shop.example/pricing' } } };
  }

  function agentAuth(agent: Agent & { deviceUuid: string }): Frame {
    return { type: 'AUTH', api_token: agent.token, app_uuid: app, user_uuid: agent.userUuid, device_uuid: agent.deviceUuid, is_service_user: true, extra_data: {} };
  }

  async function authed(frame: Frame): Promise<WsClient> {
    const client = await connect();
    client.send(frame);
    const ack = await client.ack('AUTH');
    expect(ack).toEqual({ type: 'ACK', what: 'AUTH', code: 0, reason: 'success, nothing to say.', extra: null });
    return client;
  }

  const isOnline = async (deviceUuid: string) => (await server.dataSource.query(`SELECT device_is_online FROM devices WHERE uuid = $1`, [deviceUuid]))[0].device_is_online as boolean;

  describe('frames', () => {
    it('answers a frame that is not JSON with ACK WS 6', async () => {
      const client = await connect();
      client.send('not json {');
      expect(await client.ack('WS')).toEqual({ type: 'ACK', what: 'WS', code: 6, reason: 'message data is not JSON.', extra: null });
    });

    it('answers an unknown type with ACK WS 5', async () => {
      const client = await connect();
      client.send({ type: 'dance' });
      expect(await client.ack('WS')).toEqual({ type: 'ACK', what: 'WS', code: 5, reason: 'no type provided or type is unknown.', extra: null });
    });

    it('answers a frame without type with ACK WS 5', async () => {
      const client = await connect();
      client.send({ api_token: 'x' });
      expect((await client.ack('WS')).code).toBe(5);
    });

    it('closes the socket with 1009 on a frame over 256 KiB', async () => {
      const client = await connect();
      client.send({ type: 'typing', padding: 'x'.repeat(256 * 1024 + 1) });
      expect((await client.closed).code).toBe(1009);
    });

    it('answers frames before auth with code 8', async () => {
      const client = await connect();
      client.send({ type: 'typing_watch', conversation_uuid: randomUUID() });
      expect((await client.ack('TYPING_WATCH')).code).toBe(8);
    });

    it('answers a send frame without its message with ACK SEND 4', async () => {
      const { visitor } = await chat();
      const client = await authed(visitorAuth(visitor));
      client.send({ type: 'send' });
      const ack = await client.ack('SEND');
      expect(ack.code).toBe(4);
      expect(ack.reason).toBe('parameters error.');
    });

    it('answers typing_watch without conversation_uuid with ACK TYPING_WATCH 4', async () => {
      const { visitor } = await chat();
      const client = await authed(visitorAuth(visitor));
      client.send({ type: 'typing_watch' });
      expect((await client.ack('TYPING_WATCH')).code).toBe(4);
    });
  });

  describe('auth', () => {
    it('accepts a visitor, marks the device online and offline when the socket closes', async () => {
      const { visitor } = await chat();
      const client = await authed(visitorAuth(visitor));
      expect(await isOnline(visitor.deviceUuid)).toBe(true);
      const [row] = await server.dataSource.query(`SELECT online_seen_at FROM devices WHERE uuid = $1`, [visitor.deviceUuid]);
      expect(row.online_seen_at).not.toBeNull();
      await client.close();
      await waitUntil(async () => !(await isOnline(visitor.deviceUuid)));
    });

    it('rejects an unknown token with code 8 and closes', async () => {
      const { visitor } = await chat();
      const client = await connect();
      client.send({ ...visitorAuth(visitor), api_token: 'no-such-token' });
      const ack = await client.ack('AUTH');
      expect(ack.code).toBe(8);
      expect(ack.reason).toBe('no api auth token provided.');
      expect((await client.closed).code).toBe(1008);
    });

    it('rejects a missing token with code 8', async () => {
      const { visitor } = await chat();
      const client = await connect();
      const frame = visitorAuth(visitor);
      delete frame.api_token;
      client.send(frame);
      expect((await client.ack('AUTH')).code).toBe(8);
    });

    it('rejects a console token with code 9', async () => {
      const { visitor } = await chat();
      const { token } = await server.passwordToken('PPCONSOLE');
      const client = await connect();
      client.send({ ...visitorAuth(visitor), api_token: token });
      const ack = await client.ack('AUTH');
      expect(ack.code).toBe(9);
      expect(ack.reason).toBe('wrong api auth level.');
    });

    it('rejects missing uuids with code 1', async () => {
      const { visitor } = await chat();
      const client = await connect();
      client.send({ ...visitorAuth(visitor), device_uuid: undefined });
      expect((await client.ack('AUTH')).code).toBe(1);
    });

    it('rejects a missing is_service_user with code 2', async () => {
      const { visitor } = await chat();
      const client = await connect();
      client.send({ ...visitorAuth(visitor), is_service_user: undefined });
      expect((await client.ack('AUTH')).code).toBe(2);
    });

    it('rejects a visitor without extra_data with code 3', async () => {
      const { visitor } = await chat();
      const client = await connect();
      client.send({ ...visitorAuth(visitor), extra_data: undefined });
      expect((await client.ack('AUTH')).code).toBe(3);
    });

    it('rejects acting as another visitor with code 4', async () => {
      const { visitor } = await chat();
      const other = await createVisitor(server);
      const client = await connect();
      client.send({ ...visitorAuth(other), api_token: visitor.token });
      expect((await client.ack('AUTH')).code).toBe(4);
    });

    it('rejects a device of another user with code 4', async () => {
      const { visitor } = await chat();
      const other = await createVisitor(server);
      const client = await connect();
      client.send({ ...visitorAuth(visitor), device_uuid: other.deviceUuid });
      expect((await client.ack('AUTH')).code).toBe(4);
    });

    it("rejects another app's user with code 4", async () => {
      const other = await createOtherApp(server);
      const foreigner = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const { visitor } = await chat();
      const client = await connect();
      client.send({ ...visitorAuth(foreigner), api_token: visitor.token });
      expect((await client.ack('AUTH')).code).toBe(4);
      const second = await connect();
      second.send({ ...visitorAuth(foreigner), api_token: foreigner.token });
      expect((await second.ack('AUTH')).code).toBe(4);
    });

    it('closes a socket that does not authenticate within 10 s', async () => {
      const client = await connect();
      const started = Date.now();
      const closed = await Promise.race([client.closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('not closed in 15 s')), 15_000))]);
      expect(closed.code).toBe(1008);
      expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    }, 20_000);

    it('closes a socket whose token was revoked', async () => {
      const { agent } = await chat();
      const client = await authed(agentAuth(agent));
      await server.dataSource.query(`UPDATE api_tokens SET revoked_at = now() WHERE user_uuid = $1`, [agent.userUuid]);
      expect(await server.app.get(RealtimeGateway).checkTokens()).toBe(1);
      expect((await client.closed).code).toBe(1008);
    });

    it('forces out the older socket of the same device', async () => {
      const { visitor } = await chat();
      const older = await authed(visitorAuth(visitor));
      const newer = await authed(visitorAuth(visitor));
      const logout = await older.waitFor((frame) => frame.type === 'MSG');
      expect(logout).toEqual({ type: 'MSG', msg: { mt: 'SYS', ms: 'LOGOUT', bo: visitor.deviceUuid } });
      expect(newer.frames.some((frame) => frame.type === 'MSG')).toBe(false);
      expect(await isOnline(visitor.deviceUuid)).toBe(true);
    });

    it('tells agents that a visitor came online and went offline', async () => {
      const { visitor, agent } = await chat();
      const agentSocket = await authed(agentAuth(agent));
      const visitorSocket = await authed(visitorAuth(visitor));
      const online = await agentSocket.waitFor((frame) => frame.type === 'ONLINE' && frame.user_uuid === visitor.userUuid && frame.browser === 'ONLINE');
      expect(online.mobile).toBe('UNCHANGED');
      expect(online.device_uuid).toBe(agent.deviceUuid);
      expect(online.extra_data).toEqual(visitorAuth(visitor).extra_data);
      expect(online.createtime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \d{6}$/);
      await visitorSocket.close();
      const offline = await agentSocket.waitFor((frame) => frame.type === 'ONLINE' && frame.user_uuid === visitor.userUuid && frame.browser === 'OFFLINE');
      expect(offline.extra_data).toBeNull();
    });

    it('keeps visitors out of visitor presence', async () => {
      const { visitor, agent } = await chat();
      const agentSocket = await authed(agentAuth(agent));
      const visitorSocket = await authed(visitorAuth(visitor));
      const other = await createVisitor(server);
      await authed(visitorAuth(other));
      // One loop sends an event to all of its listeners, so once the agent has it, a visitor
      // that was wrongly a listener would have it too.
      await agentSocket.waitFor((frame) => frame.type === 'ONLINE' && frame.user_uuid === other.userUuid);
      expect(visitorSocket.frames.filter((frame) => frame.type === 'ONLINE' && frame.user_uuid === other.userUuid)).toEqual([]);
    });
  });

  describe('send and push', () => {
    it('stores a message sent over the socket and pushes it to the agent', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      const agentSocket = await authed(agentAuth(agent));
      const visitorSocket = await authed(visitorAuth(visitor));
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'hello over ws');
      delete message.app_uuid;
      visitorSocket.send({ type: 'send', send: message });
      const ack = await visitorSocket.ack('SEND');
      expect(ack).toEqual({ type: 'ACK', what: 'SEND', code: 0, reason: 'success, nothing to say.', extra: { uuid: message.uuid, conversation_uuid: conversationUuid } });
      const pushed = await agentSocket.waitForMessage(message.uuid as string);
      expect(pushed.msg.ci).toBe(conversationUuid);
      expect(pushed.msg.bo).toBe('hello over ws');
      expect(pushed.msg.fi).toBe(visitor.userUuid);
      expect(pushed.msg.mt).toBe('NOTI');
      expect(typeof pushed.msg.ts).toBe('number');
      const [delivery] = await server.dataSource.query(`SELECT uuid FROM deliveries WHERE message_uuid = $1 AND device_uuid = $2`, [message.uuid, agent.deviceUuid]);
      expect(pushed.msg.pid).toBe(delivery.uuid);
      expect(Object.keys(pushed.msg.from_user).sort()).toEqual(['updatetime', 'user_email', 'user_fullname', 'user_icon', 'uuid']);
      expect(pushed.msg.from_user.uuid).toBe(visitor.userUuid);
      expect(Number.isInteger(pushed.msg.from_user.updatetime)).toBe(true);
      const [stored] = await server.dataSource.query(`SELECT from_device_uuid FROM messages WHERE uuid = $1`, [message.uuid]);
      expect(stored.from_device_uuid).toBe(visitor.deviceUuid);
    });

    it('pushes a message sent over HTTP', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      const agentSocket = await authed(agentAuth(agent));
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'hello over http', { device_uuid: visitor.deviceUuid });
      expect((await server.api('PP_SEND_MESSAGE', message, visitor.token)).body.error_code).toBe(0);
      expect((await agentSocket.waitForMessage(message.uuid as string)).msg.bo).toBe('hello over http');
    });

    it('pushes a stored message exactly once', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      const agentSocket = await authed(agentAuth(agent));
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'exactly once', { device_uuid: visitor.deviceUuid });
      expect((await server.api('PP_SEND_MESSAGE', message, visitor.token)).body.error_code).toBe(0);
      await agentSocket.waitForMessage(message.uuid as string);
      // Past the relay's grace period for rows of the storing node, and a sweep after it.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(agentSocket.messages(message.uuid as string)).toHaveLength(1);
      const pending = await server.dataSource.query(`SELECT 1 FROM outbox_events WHERE payload->>'message_uuid' = $1`, [message.uuid]);
      expect(pending).toHaveLength(0);
    });

    it('answers an illegal subtype with ACK SEND 7', async () => {
      const { visitor, conversationUuid } = await chat();
      const client = await authed(visitorAuth(visitor));
      client.send({ type: 'send', send: textMessage(app, conversationUuid, visitor.userUuid, 'x', { message_subtype: 'MENU' }) });
      const ack = await client.ack('SEND');
      expect(ack.code).toBe(7);
      expect(ack.reason).toBe('message content is illegal.');
    });

    it('answers a conversation the sender is not in with ACK SEND 4', async () => {
      const { visitor } = await chat();
      const { conversationUuid } = await chat();
      const client = await authed(visitorAuth(visitor));
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'intruding');
      client.send({ type: 'send', send: message });
      const ack = await client.ack('SEND');
      expect(ack.code).toBe(4);
      expect(ack.extra).toEqual({ uuid: message.uuid, conversation_uuid: conversationUuid });
    });

    it('answers a message of another app with ACK SEND 4', async () => {
      const { visitor, conversationUuid } = await chat();
      const other = await createOtherApp(server);
      const client = await authed(visitorAuth(visitor));
      client.send({ type: 'send', send: textMessage(other.appUuid, conversationUuid, visitor.userUuid, 'x') });
      expect((await client.ack('SEND')).code).toBe(4);
    });

    it("records a delivery for every device of every member except the sending device", async () => {
      const { visitor, agent, conversationUuid } = await chat();
      const secondVisitorDevice = randomUUID();
      await server.dataSource.query(`INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype, is_ppcom_device) VALUES ($1, $2, $3, $4, 'MAB', true)`, [
        secondVisitorDevice,
        app,
        visitor.userUuid,
        randomUUID(),
      ]);
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'to every device', { device_uuid: visitor.deviceUuid });
      expect((await server.api('PP_SEND_MESSAGE', message, visitor.token)).body.error_code).toBe(0);
      const rows: { device_uuid: string; user_uuid: string; acked_at: Date | null }[] = await server.dataSource.query(
        `SELECT device_uuid, user_uuid, acked_at FROM deliveries WHERE message_uuid = $1 ORDER BY device_uuid`,
        [message.uuid],
      );
      expect(rows.map((row) => row.device_uuid).sort()).toEqual([agent.deviceUuid, secondVisitorDevice].sort());
      expect(rows.every((row) => row.acked_at === null)).toBe(true);
      expect((await server.api('PP_SEND_MESSAGE', message, visitor.token)).body.error_code).toBe(0);
      expect((await server.dataSource.query(`SELECT count(*)::int AS count FROM deliveries WHERE message_uuid = $1`, [message.uuid]))[0].count).toBe(2);
    });

    it('catches up after a reconnect: each missed message once, in order', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      const sent: string[] = [];
      for (const text of ['one', 'two', 'three']) {
        const message = textMessage(app, conversationUuid, visitor.userUuid, text, { device_uuid: visitor.deviceUuid });
        expect((await server.api('PP_SEND_MESSAGE', message, visitor.token)).body.error_code).toBe(0);
        sent.push(message.uuid as string);
      }
      const agentSocket = await authed(agentAuth(agent));
      const unacked = await server.api('GET_UNACKED_MESSAGES', { app_uuid: app, from_uuid: agent.userUuid, device_uuid: agent.deviceUuid }, agent.token);
      expect(unacked.body.error_code).toBe(0);
      expect(unacked.body.size).toBe(3);
      const bodies = unacked.body.list.map((pid: string) => JSON.parse(unacked.body.message[pid]));
      expect(bodies.map((body: Frame) => body.id)).toEqual(sent);
      expect(bodies.map((body: Frame) => body.bo)).toEqual(['one', 'two', 'three']);

      const live = textMessage(app, conversationUuid, visitor.userUuid, 'four', { device_uuid: visitor.deviceUuid });
      expect((await server.api('PP_SEND_MESSAGE', live, visitor.token)).body.error_code).toBe(0);
      const pushed = await agentSocket.waitForMessage(live.uuid as string);
      const received = new Map<string, string>();
      for (const pid of unacked.body.list) {
        received.set(pid, JSON.parse(unacked.body.message[pid]).id);
      }
      for (const frame of agentSocket.frames.filter((item) => item.type === 'MSG')) {
        received.set(frame.msg.pid, frame.msg.id);
      }
      expect([...received.values()]).toEqual([...sent, live.uuid]);
      expect(pushed.msg.pid).not.toBe(unacked.body.list[0]);

      const acked = await server.api('ACK_MESSAGE', { list: [...received.keys()] }, agent.token);
      expect(acked.body.error_code).toBe(0);
      expect(acked.body.uri).toBe('/ACK_MESSAGE');
      const after = await server.api('GET_UNACKED_MESSAGES', { app_uuid: app, from_uuid: agent.userUuid, device_uuid: agent.deviceUuid }, agent.token);
      expect(after.body.size).toBe(0);
      expect(after.body.list).toEqual([]);
      expect(after.body.message).toEqual({});
    });
  });

  describe('typing', () => {
    it('sends TYPING to watchers of the conversation only, once per second', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      const outsider = await agentWithDevice();
      const agentSocket = await authed(agentAuth(agent));
      const visitorSocket = await authed(visitorAuth(visitor));
      const outsiderSocket = await authed(agentAuth(outsider));
      agentSocket.send({ type: 'typing_watch', conversation_uuid: conversationUuid });
      expect(await agentSocket.ack('TYPING_WATCH')).toEqual({ type: 'ACK', what: 'TYPING_WATCH', code: 0, reason: 'success, nothing to say.', extra: null });
      outsiderSocket.send({ type: 'typing_watch', conversation_uuid: conversationUuid });
      expect((await outsiderSocket.ack('TYPING_WATCH')).code).toBe(4);
      visitorSocket.send({ type: 'typing_watch', conversation_uuid: conversationUuid });
      expect((await visitorSocket.ack('TYPING_WATCH')).code).toBe(0);

      visitorSocket.send({ type: 'typing' });
      visitorSocket.send({ type: 'typing' });
      const typing = await agentSocket.waitFor((frame) => frame.type === 'TYPING');
      expect(typing).toEqual({ type: 'TYPING', user_uuid: visitor.userUuid, conversation_uuid: conversationUuid });
      // A marker message: everything sent before it has been handled when it arrives.
      const marker = textMessage(app, conversationUuid, visitor.userUuid, 'marker');
      visitorSocket.send({ type: 'send', send: marker });
      await agentSocket.waitForMessage(marker.uuid as string);
      expect(agentSocket.frames.filter((frame) => frame.type === 'TYPING')).toHaveLength(1);
      expect(visitorSocket.frames.some((frame) => frame.type === 'TYPING')).toBe(false);
      expect(outsiderSocket.frames.some((frame) => frame.type === 'TYPING')).toBe(false);

      agentSocket.send({ type: 'typing' });
      const visitorTyping = await visitorSocket.waitFor((frame) => frame.type === 'TYPING');
      expect(visitorTyping.user_uuid).toBe(agent.userUuid);

    });
  });

  describe('the live story', () => {
    it('visitor and agent see each other without polling', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      const agentSocket = await authed(agentAuth(agent));
      const visitorSocket = await authed(visitorAuth(visitor));
      visitorSocket.send({ type: 'typing_watch', conversation_uuid: conversationUuid });
      agentSocket.send({ type: 'typing_watch', conversation_uuid: conversationUuid });
      await visitorSocket.ack('TYPING_WATCH');
      await agentSocket.ack('TYPING_WATCH');

      visitorSocket.send({ type: 'typing' });
      expect((await agentSocket.waitFor((frame) => frame.type === 'TYPING')).user_uuid).toBe(visitor.userUuid);
      const question = textMessage(app, conversationUuid, visitor.userUuid, 'Do you ship to Norway?');
      visitorSocket.send({ type: 'send', send: question });
      expect((await agentSocket.waitForMessage(question.uuid as string)).msg.bo).toBe('Do you ship to Norway?');

      agentSocket.send({ type: 'typing' });
      expect((await visitorSocket.waitFor((frame) => frame.type === 'TYPING')).user_uuid).toBe(agent.userUuid);
      const answer = textMessage(app, conversationUuid, agent.userUuid, 'Yes, in 3 days.', { conversation_type: 'S2P', to_type: 'DU', to_uuid: visitor.userUuid });
      agentSocket.send({ type: 'send', send: answer });
      expect((await agentSocket.ack('SEND')).code).toBe(0);
      const reply = await visitorSocket.waitForMessage(answer.uuid as string);
      expect(reply.msg.bo).toBe('Yes, in 3 days.');
      expect(reply.msg.tt).toBe('AP');
      expect(reply.msg.from_user.uuid).toBe(agent.userUuid);
      expect(reply.msg.from_user.user_email).toBe(agent.email);
      expect(visitorSocket.messages(question.uuid as string)).toHaveLength(0);
    });
  });

  describe('GET_UNACKED_MESSAGES, GET_UNACKED_MESSAGE and ACK_MESSAGE', () => {
    async function pending(): Promise<{ visitor: Visitor; agent: Agent & { deviceUuid: string }; pid: string; messageUuid: string }> {
      const { visitor, agent, conversationUuid } = await chat();
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'waiting', { device_uuid: visitor.deviceUuid });
      expect((await server.api('PP_SEND_MESSAGE', message, visitor.token)).body.error_code).toBe(0);
      const [row] = await server.dataSource.query(`SELECT uuid FROM deliveries WHERE message_uuid = $1 AND device_uuid = $2`, [message.uuid, agent.deviceUuid]);
      return { visitor, agent, pid: row.uuid, messageUuid: message.uuid as string };
    }

    const unackedBody = (agent: Agent & { deviceUuid: string }) => ({ app_uuid: app, from_uuid: agent.userUuid, device_uuid: agent.deviceUuid });

    it.each(['app_uuid', 'from_uuid', 'device_uuid'])('GET_UNACKED_MESSAGES without %s is 6', async (field) => {
      const { agent } = await pending();
      const body: Record<string, unknown> = unackedBody(agent);
      delete body[field];
      expect((await server.api('GET_UNACKED_MESSAGES', body, agent.token)).body.error_code).toBe(6);
    });

    it('GET_UNACKED_MESSAGES with a number for device_uuid is 28', async () => {
      const { agent } = await pending();
      expect((await server.api('GET_UNACKED_MESSAGES', { ...unackedBody(agent), device_uuid: 5 }, agent.token)).body.error_code).toBe(28);
    });

    it('GET_UNACKED_MESSAGES with a malformed uuid is 44', async () => {
      const { agent } = await pending();
      expect((await server.api('GET_UNACKED_MESSAGES', { ...unackedBody(agent), device_uuid: 'nope' }, agent.token)).body.error_code).toBe(44);
    });

    it('GET_UNACKED_MESSAGES as another user is 20', async () => {
      const { agent, visitor } = await pending();
      expect((await server.api('GET_UNACKED_MESSAGES', unackedBody(agent), visitor.token)).body.error_code).toBe(20);
    });

    it("GET_UNACKED_MESSAGES for another user's device is 8", async () => {
      const { agent, visitor } = await pending();
      expect((await server.api('GET_UNACKED_MESSAGES', { ...unackedBody(agent), device_uuid: visitor.deviceUuid }, agent.token)).body.error_code).toBe(8);
    });

    it("GET_UNACKED_MESSAGES with another app's app_uuid is 20", async () => {
      const { agent } = await pending();
      const other = await createOtherApp(server);
      expect((await server.api('GET_UNACKED_MESSAGES', { ...unackedBody(agent), app_uuid: other.appUuid }, agent.token)).body.error_code).toBe(20);
    });

    it("GET_UNACKED_MESSAGES for another app's device is 8", async () => {
      const { agent } = await pending();
      const other = await createOtherApp(server);
      const foreigner = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const thirdParty = await server.clientToken('THIRD_PARTY_KEFU');
      expect((await server.api('GET_UNACKED_MESSAGES', { app_uuid: app, from_uuid: foreigner.userUuid, device_uuid: foreigner.deviceUuid }, thirdParty)).body.error_code).toBe(8);
      expect((await server.api('GET_UNACKED_MESSAGES', unackedBody(agent), thirdParty)).body.size).toBe(1);
    });

    it('GET_UNACKED_MESSAGES with a console token is 4', async () => {
      const { agent } = await pending();
      const { token } = await server.passwordToken('PPCONSOLE');
      expect((await server.api('GET_UNACKED_MESSAGES', unackedBody(agent), token)).body.error_code).toBe(4);
    });

    it('GET_UNACKED_MESSAGE answers one delivery by pid', async () => {
      const { agent, pid, messageUuid } = await pending();
      const answer = await server.api('GET_UNACKED_MESSAGE', { uuid: pid }, agent.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uuid).toBe(pid);
      expect(JSON.parse(answer.body.message).id).toBe(messageUuid);
    });

    it("GET_UNACKED_MESSAGE of another user's delivery is 12", async () => {
      const { pid } = await pending();
      const stranger = await agentWithDevice();
      const answer = await server.api('GET_UNACKED_MESSAGE', { uuid: pid }, stranger.token);
      expect(answer.body.error_code).toBe(12);
      expect(answer.body.error_string).toBe('no such push item.');
    });

    it('GET_UNACKED_MESSAGE without uuid is 6', async () => {
      const { agent } = await pending();
      expect((await server.api('GET_UNACKED_MESSAGE', {}, agent.token)).body.error_code).toBe(6);
    });

    it('ACK_MESSAGE with a list that is not a list is 31', async () => {
      const { agent, pid } = await pending();
      expect((await server.api('ACK_MESSAGE', { list: pid }, agent.token)).body.error_code).toBe(31);
    });

    it('ACK_MESSAGE without list is 6', async () => {
      const { agent } = await pending();
      expect((await server.api('ACK_MESSAGE', {}, agent.token)).body.error_code).toBe(6);
    });

    it('ACK_MESSAGE with a console token is 4', async () => {
      const { pid } = await pending();
      const { token } = await server.passwordToken('PPCONSOLE');
      expect((await server.api('ACK_MESSAGE', { list: [pid] }, token)).body.error_code).toBe(4);
    });

    it("ACK_MESSAGE skips unknown pids and leaves other users' deliveries alone", async () => {
      const { agent, pid } = await pending();
      const stranger = await agentWithDevice();
      const answer = await server.api('ACK_MESSAGE', { list: [pid, randomUUID()] }, stranger.token);
      expect(answer.body.error_code).toBe(0);
      const [row] = await server.dataSource.query(`SELECT acked_at FROM deliveries WHERE uuid = $1`, [pid]);
      expect(row.acked_at).toBeNull();
      expect((await server.api('ACK_MESSAGE', { list: [pid, randomUUID()] }, agent.token)).body.error_code).toBe(0);
      const [acked] = await server.dataSource.query(`SELECT acked_at FROM deliveries WHERE uuid = $1`, [pid]);
      expect(acked.acked_at).not.toBeNull();
      expect((await server.api('GET_UNACKED_MESSAGE', { uuid: pid }, agent.token)).body.error_code).toBe(12);
    });

    it("ACK_MESSAGE with another app's token leaves the delivery alone", async () => {
      const { pid } = await pending();
      const other = await createOtherApp(server);
      const thirdParty = await server.clientToken('THIRD_PARTY_KEFU', other.keys);
      expect((await server.api('ACK_MESSAGE', { list: [pid] }, thirdParty)).body.error_code).toBe(0);
      const [row] = await server.dataSource.query(`SELECT acked_at FROM deliveries WHERE uuid = $1`, [pid]);
      expect(row.acked_at).toBeNull();
    });
  });
});

/** Polls a condition (a database state) until it holds, failing after `timeoutMs`. */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
