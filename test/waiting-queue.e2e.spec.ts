import { randomUUID } from 'node:crypto';
import { WaitingVisitorAssigner } from '../src/modules/waiting-queue/waiting-visitor-assigner';
import { Agent, createAgent, createVisitor, Visitor } from './support/fixtures';
import { createOtherApp, TestServer } from './support/test-server';
import { WsClient } from './support/ws-client';

type Team = Awaited<ReturnType<typeof createOtherApp>>;

const WAITING_ACK = { type: 'ACK', what: 'CONVERSATION', code: 11, reason: 'keep waiting to create conversation.', extra: {} };

describe('waiting queue', () => {
  let server: TestServer;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await server.close();
  });

  /** Creates a team under GROUP policy whose distributor group has one BUSY agent. */
  async function groupTeam(): Promise<{ team: Team; agent: Agent; distributorGroup: string }> {
    const team = await createOtherApp(server);
    await server.dataSource.query(`UPDATE apps SET app_route_policy = 'GROUP' WHERE uuid = $1`, [team.appUuid]);
    const agent = await createAgent(server, { appUuid: team.appUuid, keys: team.keys, status: 'BUSY', fullname: 'Bea Busy' });
    const distributorGroup = await createGroup(team, [agent.userUuid], true);
    return { team, agent, distributorGroup };
  }

  async function createGroup(team: Team, members: string[], distributor = false): Promise<string> {
    const groupUuid = randomUUID();
    await server.dataSource.query(`INSERT INTO org_groups (uuid, app_uuid, group_name, is_distributor, user_count) VALUES ($1, $2, $3, $4, $5)`, [
      groupUuid,
      team.appUuid,
      `Group ${groupUuid.slice(0, 6)}`,
      distributor,
      members.length,
    ]);
    for (const member of members) {
      await server.dataSource.query(`INSERT INTO org_group_users (app_uuid, user_uuid, group_uuid) VALUES ($1, $2, $3)`, [team.appUuid, member, groupUuid]);
    }
    return groupUuid;
  }

  async function visitorSocket(team: Team, visitor: Visitor): Promise<WsClient> {
    const client = await WsClient.connect(server.baseUrl);
    clients.push(client);
    client.send({ type: 'auth', api_token: visitor.token, app_uuid: team.appUuid, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid, is_service_user: false, extra_data: { title: 'Shop' } });
    expect((await client.ack('AUTH')).code).toBe(0);
    return client;
  }

  const defaultConversation = (team: Team, visitor: Visitor) =>
    server.api('PPCOM_GET_DEFAULT_CONVERSATION', { app_uuid: team.appUuid, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid }, visitor.token);

  const waitingRows = (appUuid: string) => server.dataSource.query(`SELECT user_uuid, device_uuid, group_uuid FROM waiting_visitors WHERE app_uuid = $1 ORDER BY createtime`, [appUuid]);

  const assignedAck = (client: WsClient) => client.waitFor((frame) => frame.type === 'ACK' && frame.what === 'CONVERSATION' && frame.code === 0, 5000, 'ACK CONVERSATION 0');

  describe('queueing', () => {
    it('PPCOM_GET_DEFAULT_CONVERSATION queues the visitor with an empty answer and ACK CONVERSATION 11', async () => {
      const { team } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const socket = await visitorSocket(team, visitor);
      const answer = await defaultConversation(team, visitor);
      expect(answer.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PPCOM_GET_DEFAULT_CONVERSATION' });
      expect(await socket.ack('CONVERSATION')).toEqual(WAITING_ACK);
      expect(await waitingRows(team.appUuid)).toEqual([{ user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid, group_uuid: null }]);
      const [count] = await server.dataSource.query(`SELECT count(*)::int AS count FROM conversations WHERE user_uuid = $1`, [visitor.userUuid]);
      expect(count.count).toBe(0);
    });

    it('keeps one entry per visitor under concurrent requests', async () => {
      const { team } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const answers = await Promise.all(Array.from({ length: 8 }, () => defaultConversation(team, visitor)));
      expect(answers.map((answer) => answer.body.error_code)).toEqual(Array(8).fill(0));
      expect(await waitingRows(team.appUuid)).toHaveLength(1);
    });

    it('PPCOM_CREATE_CONVERSATION with a group queues for that group', async () => {
      const { team } = await groupTeam();
      const rester = await createAgent(server, { appUuid: team.appUuid, keys: team.keys, status: 'REST' });
      const groupUuid = await createGroup(team, [rester.userUuid]);
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const answer = await server.api(
        'PPCOM_CREATE_CONVERSATION',
        { app_uuid: team.appUuid, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid, conversation_type: 'P2S', group_uuid: groupUuid },
        visitor.token,
      );
      expect(answer.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PPCOM_CREATE_CONVERSATION' });
      expect(await waitingRows(team.appUuid)).toEqual([{ user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid, group_uuid: groupUuid }]);
    });

    it('PPCOM_CREATE_CONVERSATION under GROUP policy without a group queues for the distributor group', async () => {
      const { team } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const answer = await server.api('PPCOM_CREATE_CONVERSATION', { app_uuid: team.appUuid, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid }, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(await waitingRows(team.appUuid)).toEqual([{ user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid, group_uuid: null }]);
    });

    it('PPCOM_CREATE_CONVERSATION that would wait without device_uuid is 6', async () => {
      const { team } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const answer = await server.api('PPCOM_CREATE_CONVERSATION', { app_uuid: team.appUuid, user_uuid: visitor.userUuid }, visitor.token);
      expect(answer.body.error_code).toBe(6);
      expect(await waitingRows(team.appUuid)).toEqual([]);
    });

    it('PP_CREATE_CONVERSATION under GROUP policy still answers 35 and queues nobody', async () => {
      const { team } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const answer = await server.api('PP_CREATE_CONVERSATION', { app_uuid: team.appUuid, user_uuid: visitor.userUuid, conversation_type: 'P2S' }, visitor.token);
      expect(answer.body.error_code).toBe(35);
      expect(await waitingRows(team.appUuid)).toEqual([]);
    });

    it('SMART policy with nobody online still answers 35 to the widget', async () => {
      const team = await createOtherApp(server);
      await server.dataSource.query(`UPDATE apps SET app_route_policy = 'SMART' WHERE uuid = $1`, [team.appUuid]);
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      expect((await defaultConversation(team, visitor)).body.error_code).toBe(35);
      expect(await waitingRows(team.appUuid)).toEqual([]);
    });
  });

  describe('assignment', () => {
    it('PPKEFU_SET_READY assigns the waiting visitor and pushes ACK CONVERSATION 0', async () => {
      const { team, agent } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const socket = await visitorSocket(team, visitor);
      await defaultConversation(team, visitor);
      await socket.ack('CONVERSATION');

      expect((await server.api('PPKEFU_SET_READY', { app_uuid: team.appUuid, user_uuid: agent.userUuid }, agent.token)).body.error_code).toBe(0);
      const ack = await assignedAck(socket);
      expect(ack).toEqual({ type: 'ACK', what: 'CONVERSATION', code: 0, reason: 'success, nothing to say.', extra: { conversation_uuid: expect.any(String) } });
      const conversationUuid = ack.extra.conversation_uuid as string;

      const [conversation] = await server.dataSource.query(`SELECT app_uuid, user_uuid, assigned_uuid, group_uuid, conversation_type FROM conversations WHERE uuid = $1`, [conversationUuid]);
      expect(conversation).toEqual({ app_uuid: team.appUuid, user_uuid: visitor.userUuid, assigned_uuid: agent.userUuid, group_uuid: null, conversation_type: 'P2S' });
      const members = await server.dataSource.query(`SELECT user_uuid FROM conversation_members WHERE conversation_uuid = $1 ORDER BY user_uuid`, [conversationUuid]);
      expect(members.map((row: { user_uuid: string }) => row.user_uuid)).toEqual([visitor.userUuid, agent.userUuid].sort());
      expect(await waitingRows(team.appUuid)).toEqual([]);
      const views = await server.dataSource.query(`SELECT user_uuid FROM member_conversation_views WHERE conversation_uuid = $1`, [conversationUuid]);
      expect(views).toHaveLength(2);
      const outbox = await server.dataSource.query(`SELECT event_type FROM test_outbox_history WHERE app_uuid = $1 AND payload->>'conversation_uuid' = $2 ORDER BY id`, [team.appUuid, conversationUuid]);
      expect(outbox.map((row: { event_type: string }) => row.event_type)).toEqual(['ConversationCreated', 'WaitingVisitorAssigned']);

      const info = await server.api('PP_GET_CONVERSATION_INFO', { app_uuid: team.appUuid, user_uuid: visitor.userUuid, conversation_uuid: conversationUuid }, visitor.token);
      expect(info.body.error_code).toBe(0);
      expect(info.body.uuid).toBe(conversationUuid);
      expect(info.body.conversation_name).toBe('Bea Busy');
      expect((await defaultConversation(team, visitor)).body.uuid).toBe(conversationUuid);
    });

    it('PPKEFU_LOGIN with the default READY status assigns waiting visitors', async () => {
      const { team, agent } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const socket = await visitorSocket(team, visitor);
      await defaultConversation(team, visitor);
      const login = await server.api('PPKEFU_LOGIN', { app_uuid: team.appUuid, user_uuid: agent.userUuid, device_id: randomUUID(), device_ostype: 'MAC' }, agent.token);
      expect(login.body.error_code).toBe(0);
      expect((await assignedAck(socket)).extra.conversation_uuid).toEqual(expect.any(String));
    });

    it('PPKEFU_SET_SERVICE_USER_STATUS BUSY assigns nobody', async () => {
      const { team, agent } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      await defaultConversation(team, visitor);
      await server.api('PPKEFU_SET_SERVICE_USER_STATUS', { app_uuid: team.appUuid, user_uuid: agent.userUuid, service_user_status: 'BUSY' }, agent.token);
      expect(await server.app.get(WaitingVisitorAssigner).assignApp(team.appUuid)).toBe(0);
      expect(await waitingRows(team.appUuid)).toHaveLength(1);
    });

    it('assigns only visitors whose group has the READY agent, oldest first', async () => {
      const { team, agent } = await groupTeam();
      const other = await createAgent(server, { appUuid: team.appUuid, keys: team.keys, status: 'BUSY' });
      const otherGroup = await createGroup(team, [other.userUuid]);
      const [first, second, elsewhere] = await Promise.all([1, 2, 3].map(() => createVisitor(server, { appUuid: team.appUuid, keys: team.keys })));
      await defaultConversation(team, first);
      await server.api('PPCOM_CREATE_CONVERSATION', { app_uuid: team.appUuid, user_uuid: elsewhere.userUuid, device_uuid: elsewhere.deviceUuid, group_uuid: otherGroup }, elsewhere.token);
      await defaultConversation(team, second);

      await server.dataSource.query(`UPDATE users SET service_user_status = 'READY' WHERE uuid = $1`, [agent.userUuid]);
      expect(await server.app.get(WaitingVisitorAssigner).assignApp(team.appUuid)).toBe(2);
      expect(await waitingRows(team.appUuid)).toEqual([{ user_uuid: elsewhere.userUuid, device_uuid: elsewhere.deviceUuid, group_uuid: otherGroup }]);
      const created = await server.dataSource.query(`SELECT user_uuid FROM conversations WHERE app_uuid = $1 ORDER BY createtime`, [team.appUuid]);
      expect(created.map((row: { user_uuid: string }) => row.user_uuid)).toEqual([first.userUuid, second.userUuid]);
    });

    it('adding a READY agent to the group assigns its waiting visitor', async () => {
      const { team } = await groupTeam();
      const ready = await createAgent(server, { appUuid: team.appUuid, keys: team.keys, status: 'READY' });
      const emptyGroup = await createGroup(team, []);
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const socket = await visitorSocket(team, visitor);
      await server.api('PPCOM_CREATE_CONVERSATION', { app_uuid: team.appUuid, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid, group_uuid: emptyGroup }, visitor.token);
      await socket.ack('CONVERSATION');
      const console = await server.passwordToken('PPCONSOLE', team.ownerEmail, team.ownerPassword, team.keys);
      const added = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: team.appUuid, group_uuid: emptyGroup, user_list: [ready.userUuid] }, console.token);
      expect(added.body.error_code).toBe(0);
      const ack = await assignedAck(socket);
      const [conversation] = await server.dataSource.query(`SELECT assigned_uuid, group_uuid FROM conversations WHERE uuid = $1`, [ack.extra.conversation_uuid]);
      expect(conversation).toEqual({ assigned_uuid: ready.userUuid, group_uuid: emptyGroup });
    });

    it('the periodic sweep assigns a visitor whose agent became READY without an event', async () => {
      const { team, agent } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const socket = await visitorSocket(team, visitor);
      await defaultConversation(team, visitor);
      await server.dataSource.query(`UPDATE users SET service_user_status = 'READY' WHERE uuid = $1`, [agent.userUuid]);
      const ack = await socket.waitFor((frame) => frame.what === 'CONVERSATION' && frame.code === 0, 6000, 'ACK CONVERSATION 0 from the sweep');
      expect(ack.extra.conversation_uuid).toEqual(expect.any(String));
      expect(await waitingRows(team.appUuid)).toEqual([]);
    });

    it('concurrent assigners give a visitor one conversation', async () => {
      const { team, agent } = await groupTeam();
      const visitors = await Promise.all([1, 2, 3].map(() => createVisitor(server, { appUuid: team.appUuid, keys: team.keys })));
      for (const visitor of visitors) {
        await defaultConversation(team, visitor);
      }
      await server.dataSource.query(`UPDATE users SET service_user_status = 'READY' WHERE uuid = $1`, [agent.userUuid]);
      const assigner = server.app.get(WaitingVisitorAssigner);
      const counts = await Promise.all(Array.from({ length: 4 }, () => assigner.assignApp(team.appUuid)));
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(3);
      const perVisitor = await server.dataSource.query(`SELECT user_uuid, count(*)::int AS count FROM conversations WHERE app_uuid = $1 GROUP BY user_uuid`, [team.appUuid]);
      expect(perVisitor).toHaveLength(3);
      expect(perVisitor.every((row: { count: number }) => row.count === 1)).toBe(true);
    });
  });

  describe('PP_GET_AMD_QUEUE_LENGTH', () => {
    it('answers the number of waiting visitors of the app', async () => {
      const { team } = await groupTeam();
      const [first, second] = await Promise.all([1, 2].map(() => createVisitor(server, { appUuid: team.appUuid, keys: team.keys })));
      const empty = await server.api('PP_GET_AMD_QUEUE_LENGTH', { app_uuid: team.appUuid }, first.token);
      expect(empty.body).toEqual({ length: 0, error_code: 0, error_string: 'success.', uri: '/PP_GET_AMD_QUEUE_LENGTH' });
      await defaultConversation(team, first);
      await defaultConversation(team, second);
      const answer = await server.api('PP_GET_AMD_QUEUE_LENGTH', { app_uuid: team.appUuid }, first.token);
      expect(answer.body).toEqual({ length: 2, error_code: 0, error_string: 'success.', uri: '/PP_GET_AMD_QUEUE_LENGTH' });
    });

    it('does not count another app', async () => {
      const { team } = await groupTeam();
      const queued = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      await defaultConversation(team, queued);
      const token = await server.clientToken('PPCOM');
      const answer = await server.api('PP_GET_AMD_QUEUE_LENGTH', { app_uuid: server.appUuid }, token);
      expect(answer.body.length).toBe(0);
    });

    it('without app_uuid is 6', async () => {
      expect((await server.api('PP_GET_AMD_QUEUE_LENGTH', {}, await server.clientToken('PPCOM'))).body.error_code).toBe(6);
    });

    it('with a number for app_uuid is 28', async () => {
      expect((await server.api('PP_GET_AMD_QUEUE_LENGTH', { app_uuid: 7 }, await server.clientToken('PPCOM'))).body.error_code).toBe(28);
    });

    it('with a malformed app_uuid is 44', async () => {
      expect((await server.api('PP_GET_AMD_QUEUE_LENGTH', { app_uuid: 'not-a-uuid' }, await server.clientToken('PPCOM'))).body.error_code).toBe(44);
    });

    it('with a PPKEFU token is 4', async () => {
      const { token } = await server.passwordToken('PPKEFU');
      expect((await server.api('PP_GET_AMD_QUEUE_LENGTH', { app_uuid: server.appUuid }, token)).body.error_code).toBe(4);
    });

    it('for another app is 20', async () => {
      const { team } = await groupTeam();
      expect((await server.api('PP_GET_AMD_QUEUE_LENGTH', { app_uuid: team.appUuid }, await server.clientToken('PPCOM'))).body.error_code).toBe(20);
    });
  });

  describe('PP_CANCEL_WAITING_CREATE_CONVERSATION', () => {
    const cancelBody = (team: Team, visitor: Visitor, extra: Record<string, unknown> = {}) => ({
      app_uuid: team.appUuid,
      user_uuid: visitor.userUuid,
      device_uuid: visitor.deviceUuid,
      ...extra,
    });

    async function queued(): Promise<{ team: Team; visitor: Visitor }> {
      const { team } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      await defaultConversation(team, visitor);
      return { team, visitor };
    }

    it('removes the visitor from the queue', async () => {
      const { team, visitor } = await queued();
      const answer = await server.api('PP_CANCEL_WAITING_CREATE_CONVERSATION', cancelBody(team, visitor, { group_uuid: randomUUID() }), visitor.token);
      expect(answer.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PP_CANCEL_WAITING_CREATE_CONVERSATION' });
      expect(await waitingRows(team.appUuid)).toEqual([]);
    });

    it('answers success when the visitor does not wait', async () => {
      const { team } = await groupTeam();
      const visitor = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const answer = await server.api('PP_CANCEL_WAITING_CREATE_CONVERSATION', cancelBody(team, visitor), visitor.token);
      expect(answer.body.error_code).toBe(0);
    });

    it.each(['app_uuid', 'user_uuid', 'device_uuid'])('without %s is 6', async (field) => {
      const { team, visitor } = await queued();
      const body: Record<string, unknown> = cancelBody(team, visitor);
      delete body[field];
      expect((await server.api('PP_CANCEL_WAITING_CREATE_CONVERSATION', body, visitor.token)).body.error_code).toBe(6);
      expect(await waitingRows(team.appUuid)).toHaveLength(1);
    });

    it.each([
      ['user_uuid', 12],
      ['device_uuid', true],
      ['group_uuid', ['x']],
    ])('with a wrong type for %s is 28', async (field, value) => {
      const { team, visitor } = await queued();
      expect((await server.api('PP_CANCEL_WAITING_CREATE_CONVERSATION', cancelBody(team, visitor, { [field]: value }), visitor.token)).body.error_code).toBe(28);
    });

    it.each(['user_uuid', 'device_uuid', 'group_uuid'])('with a malformed %s is 44', async (field) => {
      const { team, visitor } = await queued();
      expect((await server.api('PP_CANCEL_WAITING_CREATE_CONVERSATION', cancelBody(team, visitor, { [field]: 'nope' }), visitor.token)).body.error_code).toBe(44);
    });

    it('with a PPKEFU token is 4', async () => {
      const { team, visitor } = await queued();
      const { token } = await server.passwordToken('PPKEFU', team.ownerEmail, team.ownerPassword, team.keys);
      expect((await server.api('PP_CANCEL_WAITING_CREATE_CONVERSATION', cancelBody(team, visitor), token)).body.error_code).toBe(4);
      expect(await waitingRows(team.appUuid)).toHaveLength(1);
    });

    it('for another app is 20', async () => {
      const { team, visitor } = await queued();
      const stranger = await createVisitor(server);
      expect((await server.api('PP_CANCEL_WAITING_CREATE_CONVERSATION', cancelBody(team, visitor), stranger.token)).body.error_code).toBe(20);
      expect(await waitingRows(team.appUuid)).toHaveLength(1);
    });

    it('acting as another visitor is 20', async () => {
      const { team, visitor } = await queued();
      const other = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      expect((await server.api('PP_CANCEL_WAITING_CREATE_CONVERSATION', cancelBody(team, visitor), other.token)).body.error_code).toBe(20);
      expect(await waitingRows(team.appUuid)).toHaveLength(1);
    });

    it("with another visitor's or another app's device is 8", async () => {
      const { team, visitor } = await queued();
      const other = await createVisitor(server, { appUuid: team.appUuid, keys: team.keys });
      const foreign = await createVisitor(server);
      for (const deviceUuid of [other.deviceUuid, foreign.deviceUuid, randomUUID()]) {
        expect((await server.api('PP_CANCEL_WAITING_CREATE_CONVERSATION', cancelBody(team, visitor, { device_uuid: deviceUuid }), visitor.token)).body.error_code).toBe(8);
      }
      expect(await waitingRows(team.appUuid)).toHaveLength(1);
    });
  });
});
