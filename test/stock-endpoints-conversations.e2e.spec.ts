import { randomUUID } from 'node:crypto';
import { ConversationProjector } from '../src/modules/conversation/read-models/conversation.projector';
import { UserAccountService } from '../src/modules/user/user-account.service';
import { Agent, createAgent, createVisitor, textMessage, Visitor } from './support/fixtures';
import { createOtherApp, KeyLevelName, TestServer } from './support/test-server';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{6}$/;

/** Removes the keys whose value is undefined, so a case can leave a field out of the body. */
function body(fields: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
}

/** Conversation endpoints of the stock clients beyond the API list. */
describe('stock endpoints: conversations', () => {
  let server: TestServer;
  let app: string;
  let consoleToken: string;
  let thirdPartyKefu: string;
  let other: Awaited<ReturnType<typeof createOtherApp>>;
  let agent: Agent;

  beforeAll(async () => {
    server = await TestServer.start();
    app = server.appUuid;
    consoleToken = (await server.passwordToken('PPCONSOLE')).token;
    thirdPartyKefu = await server.clientToken('THIRD_PARTY_KEFU');
    other = await createOtherApp(server);
    agent = await createAgent(server, { fullname: 'Ann Agent' });
    await server.dataSource.query(`UPDATE apps SET app_route_policy = 'BROADCAST' WHERE uuid = $1`, [app]);
  });

  afterAll(async () => {
    await server.close();
  });

  /** Creates an agent without a password, for tests that never log in as it. */
  async function plainAgent(appUuid = app, options: { fullname?: string; status?: string } = {}): Promise<string> {
    const users = server.app.get(UserAccountService);
    return server.dataSource.transaction(async (manager) => {
      const user = await users.createServiceUser(manager, { appUuid, email: `plain-${randomUUID()}@example.test`, fullname: options.fullname ?? 'Plain Agent', passwordSha1: null, userStatus: 'SERVICE' });
      await users.addMembership(manager, appUuid, user.uuid, { isOwner: false, isService: true, isDistributor: false, isPortal: false });
      await manager.query(`UPDATE users SET service_user_status = $2 WHERE uuid = $1`, [user.uuid, options.status ?? null]);
      return user.uuid;
    });
  }

  async function createGroup(members: string[], appUuid = app, token = consoleToken): Promise<string> {
    const created = await server.api('PP_CREATE_ORG_GROUP', { app_uuid: appUuid, group_name: `Group ${randomUUID().slice(0, 8)}` }, token);
    expect(created.body.error_code).toBe(0);
    if (members.length > 0) {
      const added = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: created.body.uuid, user_list: members }, token);
      expect(added.body.error_code).toBe(0);
    }
    return created.body.uuid as string;
  }

  /** Creates a visitor conversation with one agent through PP_CREATE_CONVERSATION. */
  async function chatWith(visitor: Visitor, agentUuid: string): Promise<string> {
    const answer = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, conversation_type: 'P2S', member_list: [agentUuid] }, visitor.token);
    expect(answer.body.error_code).toBe(0);
    return answer.body.uuid as string;
  }

  async function send(visitor: Visitor, conversationUuid: string, text: string): Promise<string> {
    const message = textMessage(app, conversationUuid, visitor.userUuid, text);
    const answer = await server.api('PP_SEND_MESSAGE', message, visitor.token);
    expect(answer.body.error_code).toBe(0);
    return message.uuid as string;
  }

  const memberRows = async (conversationUuid: string) =>
    (await server.dataSource.query(`SELECT user_uuid, conversation_status FROM conversation_members WHERE conversation_uuid = $1 ORDER BY user_uuid`, [conversationUuid])) as {
      user_uuid: string;
      conversation_status: string;
    }[];
  const viewRow = async (conversationUuid: string, userUuid: string) =>
    (await server.dataSource.query(`SELECT * FROM member_conversation_views WHERE conversation_uuid = $1 AND user_uuid = $2`, [conversationUuid, userUuid]))[0];

  describe('PP_UPDATE_CONVERSATION_MEMBER', () => {
    const update = (token: string, fields: Record<string, unknown>) => server.api('PP_UPDATE_CONVERSATION_MEMBER', body({ app_uuid: app, ...fields }), token);

    it('adds an agent as an OPEN member', async () => {
      const visitor = await createVisitor(server, { fullname: 'Greta Guest' });
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const newcomer = await plainAgent(app, { fullname: 'Nina New' });
      const answer = await update(agent.token, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [newcomer] });
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_UPDATE_CONVERSATION_MEMBER');

      const [row] = await server.dataSource.query(`SELECT * FROM conversation_members WHERE conversation_uuid = $1 AND user_uuid = $2`, [conversationUuid, newcomer]);
      expect(row.conversation_status).toBe('OPEN');
      expect(row.conversation_name).toBe('Greta Guest');
      expect(row.user_name).toBe('Nina New');
      expect((await viewRow(conversationUuid, newcomer)).conversation_status).toBe('OPEN');

      const list = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: newcomer }, thirdPartyKefu);
      expect(list.body.list.map((item: { uuid: string }) => item.uuid)).toContain(conversationUuid);
    });

    it('counts earlier messages as unread for the newcomer', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      await send(visitor, conversationUuid, 'one');
      await send(visitor, conversationUuid, 'two');
      const newcomer = await plainAgent();
      expect((await update(visitor.token, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [newcomer] })).body.error_code).toBe(0);
      const view = await viewRow(conversationUuid, newcomer);
      expect(view.unread_count).toBe(2);
      expect(view.message_total_count).toBe(2);
    });

    it('moves the conversation to a group with group_uuid', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const newcomer = await plainAgent();
      const groupUuid = await createGroup([]);
      const answer = await update(agent.token, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [newcomer], group_uuid: groupUuid });
      expect(answer.body.error_code).toBe(0);
      const [conversation] = await server.dataSource.query(`SELECT group_uuid FROM conversations WHERE uuid = $1`, [conversationUuid]);
      expect(conversation.group_uuid).toBe(groupUuid);
    });

    it('rejects an existing member with 37 and changes nothing', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const newcomer = await plainAgent();
      const answer = await update(agent.token, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [newcomer, agent.userUuid] });
      expect(answer.body.error_code).toBe(37);
      expect((await memberRows(conversationUuid)).map((row) => row.user_uuid)).not.toContain(newcomer);
    });

    it('concurrent adds of one agent make one member', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const newcomer = await plainAgent();
      const answers = await Promise.all(Array.from({ length: 8 }, () => update(thirdPartyKefu, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [newcomer] })));
      const codes = answers.map((answer) => answer.body.error_code).sort();
      expect(codes.filter((code) => code === 0)).toHaveLength(1);
      expect(codes.filter((code) => code === 37)).toHaveLength(7);
      expect((await memberRows(conversationUuid)).filter((row) => row.user_uuid === newcomer)).toHaveLength(1);
    });

    it('adds only live agents of the app', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const otherVisitor = await createVisitor(server);
      const foreign = await plainAgent(other.appUuid);
      const removed = await plainAgent();
      await server.dataSource.query(`UPDATE users SET removed_at = now() WHERE uuid = $1`, [removed]);
      for (const userUuid of [randomUUID(), otherVisitor.userUuid, foreign, removed]) {
        const answer = await update(agent.token, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [userUuid] });
        expect(answer.body.error_code).toBe(7);
      }
      expect(await memberRows(conversationUuid)).toHaveLength(2);
    });

    it('rejects an unknown or foreign group with 30', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const newcomer = await plainAgent();
      const foreignGroup = await createGroup([], other.appUuid, await server.clientToken('THIRD_PARTY_CONSOLE', other.keys));
      for (const groupUuid of [randomUUID(), foreignGroup]) {
        const answer = await update(agent.token, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [newcomer], group_uuid: groupUuid });
        expect(answer.body.error_code).toBe(30);
      }
      expect((await memberRows(conversationUuid)).map((row) => row.user_uuid)).not.toContain(newcomer);
    });

    it('removes a member and its list row', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const helper = await plainAgent();
      await update(agent.token, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [helper] });
      const answer = await update(agent.token, { conversation_uuid: conversationUuid, action: 'REMOVE', member_list: [helper] });
      expect(answer.body.error_code).toBe(0);
      expect((await memberRows(conversationUuid)).map((row) => row.user_uuid)).not.toContain(helper);
      expect(await viewRow(conversationUuid, helper)).toBeUndefined();
      const list = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: helper }, thirdPartyKefu);
      expect(list.body.list.map((item: { uuid: string }) => item.uuid)).not.toContain(conversationUuid);
    });

    it('clears assigned_uuid when the assigned agent leaves', async () => {
      const visitor = await createVisitor(server);
      const assigned = await plainAgent();
      const conversationUuid = await chatWith(visitor, assigned);
      const answer = await update(visitor.token, { conversation_uuid: conversationUuid, action: 'REMOVE', member_list: [assigned] });
      expect(answer.body.error_code).toBe(0);
      const [conversation] = await server.dataSource.query(`SELECT assigned_uuid FROM conversations WHERE uuid = $1`, [conversationUuid]);
      expect(conversation.assigned_uuid).toBeNull();
    });

    it('rejects removing the creator with 44', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const answer = await update(agent.token, { conversation_uuid: conversationUuid, action: 'REMOVE', member_list: [visitor.userUuid] });
      expect(answer.body.error_code).toBe(44);
      expect((await memberRows(conversationUuid)).map((row) => row.user_uuid)).toContain(visitor.userUuid);
    });

    it('rejects removing a non-member with 7', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const stranger = await plainAgent();
      const answer = await update(agent.token, { conversation_uuid: conversationUuid, action: 'REMOVE', member_list: [stranger] });
      expect(answer.body.error_code).toBe(7);
    });

    it('requires the caller to be a member', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const outsider = await createAgent(server);
      const newcomer = await plainAgent();
      const denied = await update(outsider.token, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [newcomer] });
      expect(denied.body.error_code).toBe(26);
      const otherVisitor = await createVisitor(server);
      const visitorDenied = await update(otherVisitor.token, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [newcomer] });
      expect(visitorDenied.body.error_code).toBe(26);
      const thirdParty = await update(thirdPartyKefu, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [newcomer] });
      expect(thirdParty.body.error_code).toBe(0);
    });

    it('unknown and foreign conversations are 26', async () => {
      const foreignAgent = await plainAgent(other.appUuid);
      const foreignVisitor = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const foreignConversation = await server.api(
        'PP_CREATE_CONVERSATION',
        { app_uuid: other.appUuid, user_uuid: foreignVisitor.userUuid, conversation_type: 'P2S', member_list: [foreignAgent] },
        foreignVisitor.token,
      );
      expect(foreignConversation.body.error_code).toBe(0);
      const newcomer = await plainAgent();
      for (const conversationUuid of [randomUUID(), foreignConversation.body.uuid]) {
        const answer = await update(thirdPartyKefu, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [newcomer] });
        expect(answer.body.error_code).toBe(26);
      }
    });

    it.each([
      ['app_uuid missing', { app_uuid: undefined }, 6],
      ['conversation_uuid missing', { conversation_uuid: undefined }, 6],
      ['action missing', { action: undefined }, 6],
      ['member_list missing', { member_list: undefined }, 6],
      ['action not a string', { action: 1 }, 28],
      ['conversation_uuid not a string', { conversation_uuid: 5 }, 28],
      ['group_uuid not a string', { group_uuid: 5 }, 28],
      ['member_list not a list', { member_list: 'x' }, 31],
      ['unknown action', { action: 'MOVE' }, 44],
      ['malformed member', { member_list: ['bad'] }, 44],
      ['empty member_list', { member_list: [] }, 44],
      ['malformed conversation_uuid', { conversation_uuid: 'bad' }, 44],
    ])('rejects %s', async (_case, override, code) => {
      const answer = await server.api(
        'PP_UPDATE_CONVERSATION_MEMBER',
        body({ app_uuid: app, conversation_uuid: randomUUID(), action: 'ADD', member_list: [randomUUID()], ...override }),
        thirdPartyKefu,
      );
      expect(answer.body.error_code).toBe(code);
    });

    it('rejects a console token with 4', async () => {
      const answer = await update(consoleToken, { conversation_uuid: randomUUID(), action: 'ADD', member_list: [randomUUID()] });
      expect(answer.body.error_code).toBe(4);
    });

    it("rejects another app's app_uuid with 20", async () => {
      const answer = await update(thirdPartyKefu, { app_uuid: other.appUuid, conversation_uuid: randomUUID(), action: 'ADD', member_list: [randomUUID()] });
      expect(answer.body.error_code).toBe(20);
    });

    it('rebuilt read models equal the live ones after member changes', async () => {
      const visitor = await createVisitor(server);
      const conversationUuid = await chatWith(visitor, agent.userUuid);
      const helper = await plainAgent();
      const leaver = await plainAgent();
      await send(visitor, conversationUuid, 'before');
      expect((await update(agent.token, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [helper, leaver] })).body.error_code).toBe(0);
      await send(visitor, conversationUuid, 'after');
      const reply = await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, agent.userUuid, 'reply'), agent.token);
      expect(reply.body.error_code).toBe(0);
      expect((await update(agent.token, { conversation_uuid: conversationUuid, action: 'REMOVE', member_list: [leaver] })).body.error_code).toBe(0);
      // A member who sent, left and came back: its own messages never count as unread.
      expect((await update(agent.token, { conversation_uuid: conversationUuid, action: 'REMOVE', member_list: [agent.userUuid] })).body.error_code).toBe(0);
      expect((await update(thirdPartyKefu, { conversation_uuid: conversationUuid, action: 'ADD', member_list: [agent.userUuid] })).body.error_code).toBe(0);

      const snapshot = async () => ({
        members: await server.dataSource.query(`SELECT * FROM member_conversation_views ORDER BY user_uuid, conversation_uuid`),
        inbox: await server.dataSource.query(`SELECT * FROM team_inbox_views ORDER BY conversation_uuid`),
      });
      const live = await snapshot();
      await server.dataSource.transaction((manager) => server.app.get(ConversationProjector).rebuild(manager, null));
      const rebuilt = await snapshot();
      expect(rebuilt.members).toEqual(live.members);
      expect(rebuilt.inbox).toEqual(live.inbox);
    });
  });

  describe('PPCOM_CREATE_CONVERSATION', () => {
    const create = (visitor: Visitor, fields: Record<string, unknown> = {}) =>
      server.api('PPCOM_CREATE_CONVERSATION', body({ app_uuid: app, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid, ...fields }), visitor.token);

    it('creates a 1:1 conversation with one agent and reuses it', async () => {
      const visitor = await createVisitor(server);
      const answer = await create(visitor, { member_list: [agent.userUuid] });
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PPCOM_CREATE_CONVERSATION');
      expect(answer.body.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.body.app_uuid).toBe(app);
      expect(answer.body.user_uuid).toBe(visitor.userUuid);
      expect(answer.body.assigned_uuid).toBe(agent.userUuid);
      expect(answer.body.conversation_type).toBe('P2S');
      expect(answer.body.status).toBe('NEW');
      expect(answer.body.conversation_name).toBe('Ann Agent');
      expect(answer.body.createtime).toMatch(DATETIME);
      expect(answer.body.conversation_data.user_uuid).toBe(visitor.userUuid);
      expect(answer.body.conversation_data.conversation_uuid).toBe(answer.body.uuid);
      expect(answer.body.conversation_data.conversation_status).toBe('NEW');
      expect((await memberRows(answer.body.uuid)).map((row) => row.user_uuid).sort()).toEqual([agent.userUuid, visitor.userUuid].sort());

      const again = await create(visitor, { member_list: [agent.userUuid] });
      expect(again.body.uuid).toBe(answer.body.uuid);
    });

    it('creates a group conversation with a READY member', async () => {
      const ready = await plainAgent(app, { fullname: 'Rita Ready', status: 'READY' });
      const busy = await plainAgent(app, { status: 'BUSY' });
      const groupUuid = await createGroup([ready, busy]);
      const visitor = await createVisitor(server);
      const answer = await create(visitor, { group_uuid: groupUuid, conversation_type: 'P2S' });
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.group_uuid).toBe(groupUuid);
      expect(answer.body.assigned_uuid).toBe(ready);
      expect(answer.body.conversation_name).toBe('Rita Ready');

      // The group conversation is reused even when no member is READY.
      await server.dataSource.query(`UPDATE users SET service_user_status = 'REST' WHERE uuid = $1`, [ready]);
      const again = await create(visitor, { group_uuid: groupUuid });
      expect(again.body.error_code).toBe(0);
      expect(again.body.uuid).toBe(answer.body.uuid);
    });

    it('concurrent group creates make one conversation', async () => {
      const ready = await plainAgent(app, { status: 'READY' });
      const groupUuid = await createGroup([ready]);
      const visitor = await createVisitor(server);
      const answers = await Promise.all(Array.from({ length: 6 }, () => create(visitor, { group_uuid: groupUuid })));
      expect(answers.every((answer) => answer.body.error_code === 0)).toBe(true);
      expect(new Set(answers.map((answer) => answer.body.uuid)).size).toBe(1);
      const [count] = await server.dataSource.query(`SELECT count(*)::int AS count FROM conversations WHERE user_uuid = $1`, [visitor.userUuid]);
      expect(count.count).toBe(1);
    });

    it('queues the visitor when no group member is READY', async () => {
      const busy = await plainAgent(app, { status: 'BUSY' });
      const groupUuid = await createGroup([busy]);
      const visitor = await createVisitor(server);
      const answer = await create(visitor, { group_uuid: groupUuid, device_uuid: visitor.deviceUuid });
      expect(answer.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PPCOM_CREATE_CONVERSATION' });
      const [count] = await server.dataSource.query(`SELECT count(*)::int AS count FROM conversations WHERE user_uuid = $1`, [visitor.userUuid]);
      expect(count.count).toBe(0);
      const waiting = await server.dataSource.query(`SELECT group_uuid FROM waiting_visitors WHERE user_uuid = $1`, [visitor.userUuid]);
      expect(waiting).toEqual([{ group_uuid: groupUuid }]);
    });

    it('returns the latest conversation without group or list', async () => {
      const visitor = await createVisitor(server);
      const first = await create(visitor, { member_list: [agent.userUuid] });
      const latest = await create(visitor);
      expect(latest.body.error_code).toBe(0);
      expect(latest.body.uuid).toBe(first.body.uuid);
    });

    it('creates by the route policy when the visitor has none', async () => {
      const visitor = await createVisitor(server);
      const answer = await create(visitor);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.conversation_data.user_uuid).toBe(visitor.userUuid);
      expect((await memberRows(answer.body.uuid)).map((row) => row.user_uuid)).toContain(server.bootstrap.admin.user_uuid);
    });

    it.each([
      ['app_uuid missing', { app_uuid: undefined }, 6],
      ['user_uuid missing', { user_uuid: undefined }, 6],
      ['user_uuid not a string', { user_uuid: 5 }, 28],
      ['group_uuid not a string', { group_uuid: 5 }, 28],
      ['device_uuid not a string', { device_uuid: true }, 28],
      ['member_list not a list', { member_list: 'x' }, 31],
      ['group_uuid malformed', { group_uuid: 'bad' }, 44],
      ['member malformed', { member_list: ['bad'] }, 44],
    ])('rejects %s', async (_case, override, code) => {
      const visitor = await createVisitor(server);
      const answer = await create(visitor, override);
      expect(answer.body.error_code).toBe(code);
    });

    it('unknown ids are 7, 8 and 30', async () => {
      const visitor = await createVisitor(server);
      const otherVisitor = await createVisitor(server);
      const foreignGroup = await createGroup([], other.appUuid, await server.clientToken('THIRD_PARTY_CONSOLE', other.keys));
      expect((await create(visitor, { member_list: [randomUUID()] })).body.error_code).toBe(7);
      expect((await create(visitor, { member_list: [otherVisitor.userUuid] })).body.error_code).toBe(7);
      expect((await create(visitor, { device_uuid: randomUUID() })).body.error_code).toBe(8);
      expect((await create(visitor, { device_uuid: otherVisitor.deviceUuid })).body.error_code).toBe(8);
      expect((await create(visitor, { group_uuid: randomUUID() })).body.error_code).toBe(30);
      expect((await create(visitor, { group_uuid: foreignGroup })).body.error_code).toBe(30);
    });

    it('rejects an agent token with 4', async () => {
      const answer = await server.api('PPCOM_CREATE_CONVERSATION', { app_uuid: app, user_uuid: agent.userUuid }, agent.token);
      expect(answer.body.error_code).toBe(4);
    });

    it("rejects another app's app_uuid with 20", async () => {
      const visitor = await createVisitor(server);
      const answer = await create(visitor, { app_uuid: other.appUuid });
      expect(answer.body.error_code).toBe(20);
    });

    it('rejects acting as another visitor with 20', async () => {
      const visitor = await createVisitor(server);
      const otherVisitor = await createVisitor(server);
      const answer = await create(visitor, { user_uuid: otherVisitor.userUuid, device_uuid: otherVisitor.deviceUuid, member_list: [agent.userUuid] });
      expect(answer.body.error_code).toBe(20);
    });
  });

  describe('PP_GET_ORG_GROUP_CONVERSATION', () => {
    const get = (visitor: Visitor, fields: Record<string, unknown>) =>
      server.api('PP_GET_ORG_GROUP_CONVERSATION', body({ app_uuid: app, user_uuid: visitor.userUuid, ...fields }), visitor.token);

    it('answers an empty success when there is none', async () => {
      const groupUuid = await createGroup([]);
      const visitor = await createVisitor(server);
      const answer = await get(visitor, { group_uuid: groupUuid });
      expect(answer.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PP_GET_ORG_GROUP_CONVERSATION' });
    });

    it("returns the visitor's group conversation", async () => {
      const ready = await plainAgent(app, { status: 'READY' });
      const groupUuid = await createGroup([ready]);
      const visitor = await createVisitor(server);
      const created = await server.api('PPCOM_CREATE_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, group_uuid: groupUuid }, visitor.token);
      expect(created.body.error_code).toBe(0);
      const answer = await get(visitor, { group_uuid: groupUuid });
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uuid).toBe(created.body.uuid);
      expect(answer.body.group_uuid).toBe(groupUuid);
      expect(answer.body.user_uuid).toBe(visitor.userUuid);
      expect(answer.body.conversation_data.user_uuid).toBe(visitor.userUuid);
      expect(answer.body.updatetime).toMatch(DATETIME);

      const stranger = await createVisitor(server);
      const none = await get(stranger, { group_uuid: groupUuid });
      expect(none.body.uuid).toBeUndefined();
    });

    it.each([
      ['app_uuid missing', { app_uuid: undefined }, 6],
      ['user_uuid missing', { user_uuid: undefined }, 6],
      ['group_uuid missing', { group_uuid: undefined }, 6],
      ['group_uuid not a string', { group_uuid: 5 }, 28],
      ['group_uuid malformed', { group_uuid: 'bad' }, 44],
    ])('rejects %s', async (_case, override, code) => {
      const visitor = await createVisitor(server);
      const answer = await get(visitor, { group_uuid: randomUUID(), ...override });
      expect(answer.body.error_code).toBe(code);
    });

    it('unknown and foreign groups are 30', async () => {
      const visitor = await createVisitor(server);
      const foreignGroup = await createGroup([], other.appUuid, await server.clientToken('THIRD_PARTY_CONSOLE', other.keys));
      expect((await get(visitor, { group_uuid: randomUUID() })).body.error_code).toBe(30);
      expect((await get(visitor, { group_uuid: foreignGroup })).body.error_code).toBe(30);
    });

    it('rejects an agent token with 4', async () => {
      const answer = await server.api('PP_GET_ORG_GROUP_CONVERSATION', { app_uuid: app, user_uuid: agent.userUuid, group_uuid: randomUUID() }, agent.token);
      expect(answer.body.error_code).toBe(4);
    });

    it("rejects another app's app_uuid with 20", async () => {
      const visitor = await createVisitor(server);
      expect((await get(visitor, { app_uuid: other.appUuid, group_uuid: randomUUID() })).body.error_code).toBe(20);
    });

    it('rejects acting as another visitor with 20', async () => {
      const visitor = await createVisitor(server);
      const otherVisitor = await createVisitor(server);
      expect((await get(visitor, { user_uuid: otherVisitor.userUuid, group_uuid: randomUUID() })).body.error_code).toBe(20);
    });
  });

  describe('PP_PAGE_HISTORY_MESSAGE', () => {
    let visitor: Visitor;
    let conversationUuid: string;
    const uuids: string[] = [];

    beforeAll(async () => {
      visitor = await createVisitor(server);
      conversationUuid = await chatWith(visitor, agent.userUuid);
      for (let index = 0; index < 5; index++) {
        uuids.push(await send(visitor, conversationUuid, `m${index}`));
      }
    });

    const page = (fields: Record<string, unknown>, token = visitor.token) =>
      server.api('PP_PAGE_HISTORY_MESSAGE', body({ conversation_uuid: conversationUuid, ...fields }), token);
    const listed = (answer: { body: Record<string, any> }) => answer.body.list.map((item: { uuid: string }) => item.uuid);

    it('pages newest first', async () => {
      const answer = await page({ page_offset: 0, page_size: 2 });
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_PAGE_HISTORY_MESSAGE');
      expect(answer.body.total_count).toBe(5);
      expect(answer.body.return_count).toBe(2);
      expect(answer.body.page_size).toBe(2);
      expect(answer.body.page_offset).toBe(0);
      expect(listed(answer)).toEqual([uuids[4], uuids[3]]);
      const item = answer.body.list[0];
      expect(item.body).toBe('m4');
      expect(item.from_user.uuid).toBe(visitor.userUuid);
      expect(item.from_user).not.toHaveProperty('password_hash');
      expect(item.createtime).toMatch(DATETIME);
      expect(JSON.parse(item.message_body)).toMatchObject({ id: uuids[4], ci: conversationUuid, fi: visitor.userUuid, bo: 'm4' });

      expect(listed(await page({ page_offset: 2, page_size: 2 }))).toEqual([uuids[0]]);
      expect(listed(await page({ page_offset: 9, page_size: 2 }))).toEqual([]);
    });

    it('defaults to page 0 of 30 and clamps the size to 100', async () => {
      const defaults = await page({});
      expect(defaults.body.page_size).toBe(30);
      expect(defaults.body.page_offset).toBe(0);
      expect(listed(defaults)).toEqual([...uuids].reverse());
      expect((await page({ page_size: 500 })).body.page_size).toBe(100);
    });

    it('max_uuid gives older messages newest first', async () => {
      const answer = await page({ max_uuid: uuids[3], page_size: 2 });
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.max_uuid).toBe(uuids[3]);
      expect(answer.body).not.toHaveProperty('page_offset');
      expect(answer.body.total_count).toBe(5);
      expect(answer.body.return_count).toBe(2);
      expect(listed(answer)).toEqual([uuids[2], uuids[1]]);
      expect(listed(await page({ max_uuid: uuids[0] }))).toEqual([]);
    });

    it('min_uuid gives newer messages oldest first', async () => {
      const answer = await page({ min_uuid: uuids[1], page_size: 2 });
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.min_uuid).toBe(uuids[1]);
      expect(listed(answer)).toEqual([uuids[2], uuids[3]]);
      expect(listed(await page({ min_uuid: uuids[4] }))).toEqual([]);
    });

    it('rejects both anchors with 42', async () => {
      const answer = await page({ max_uuid: uuids[3], min_uuid: uuids[1] });
      expect(answer.body.error_code).toBe(42);
    });

    it('rejects an anchor outside the conversation with 44', async () => {
      const elsewhere = await createVisitor(server);
      const otherConversation = await chatWith(elsewhere, agent.userUuid);
      const foreignMessage = await send(elsewhere, otherConversation, 'elsewhere');
      expect((await page({ max_uuid: foreignMessage })).body.error_code).toBe(44);
      expect((await page({ min_uuid: randomUUID() })).body.error_code).toBe(44);
    });

    it.each(['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'] as KeyLevelName[])('serves level %s', async (level) => {
      const tokens: Record<string, () => Promise<string>> = {
        PPCOM: async () => visitor.token,
        PPKEFU: async () => agent.token,
        PPCONSOLE: async () => consoleToken,
      };
      const token = await (tokens[level] ?? (() => server.clientToken(level)))();
      const answer = await page({ page_size: 1 }, token);
      expect(answer.body.error_code).toBe(0);
      expect(listed(answer)).toEqual([uuids[4]]);
    });

    it.each([
      ['conversation_uuid missing', { conversation_uuid: undefined }, 6],
      ['conversation_uuid not a string', { conversation_uuid: 5 }, 28],
      ['page_size not an integer', { page_size: '2' }, 28],
      ['page_offset not an integer', { page_offset: 'x' }, 28],
      ['max_uuid not a string', { max_uuid: 5 }, 28],
      ['negative page_offset', { page_offset: -1 }, 44],
      ['page_size 0', { page_size: 0 }, 44],
      ['malformed max_uuid', { max_uuid: 'bad' }, 44],
      ['malformed conversation_uuid', { conversation_uuid: 'bad' }, 44],
    ])('rejects %s', async (_case, override, code) => {
      const answer = await page(override);
      expect(answer.body.error_code).toBe(code);
    });

    it('unknown, foreign and not-member conversations are 26', async () => {
      const foreignVisitor = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const foreign = await server.api('PP_CREATE_CONVERSATION', { app_uuid: other.appUuid, user_uuid: foreignVisitor.userUuid, conversation_type: 'P2S' }, foreignVisitor.token);
      expect(foreign.body.error_code).toBe(0);
      expect((await page({ conversation_uuid: randomUUID() }, consoleToken)).body.error_code).toBe(26);
      expect((await page({ conversation_uuid: foreign.body.uuid }, consoleToken)).body.error_code).toBe(26);
      const outsider = await createVisitor(server);
      const denied = await page({}, outsider.token);
      expect(denied.body.error_code).toBe(26);
      expect(denied.body.list).toBeUndefined();
    });

    it('rejects a token before login with 4', async () => {
      expect((await page({}, await server.clientToken('PPCONSOLE'))).body.error_code).toBe(4);
    });

    it("rejects another app's app_uuid with 20", async () => {
      expect((await page({ app_uuid: other.appUuid })).body.error_code).toBe(20);
    });
  });

  describe('PP_PAGE_USER_CONVERSATION', () => {
    let visitor: Visitor;
    const conversations: string[] = [];
    let quiet: string;

    beforeAll(async () => {
      visitor = await createVisitor(server);
      for (let index = 0; index < 3; index++) {
        const conversationUuid = await chatWith(visitor, await plainAgent());
        await send(visitor, conversationUuid, `hello ${index}`);
        conversations.push(conversationUuid);
      }
      // Created but without a message: NEW, so not listed.
      quiet = await chatWith(visitor, await plainAgent());
    });

    const page = (fields: Record<string, unknown>, token = visitor.token) =>
      server.api('PP_PAGE_USER_CONVERSATION', body({ app_uuid: app, user_uuid: visitor.userUuid, ...fields }), token);
    const listed = (answer: { body: Record<string, any> }) => answer.body.list.map((item: { uuid: string }) => item.uuid);

    it('pages OPEN conversations newest first', async () => {
      const first = await page({ page_offset: 0, page_size: 2 });
      expect(first.body.error_code).toBe(0);
      expect(first.body.uri).toBe('/PP_PAGE_USER_CONVERSATION');
      expect(first.body.total_count).toBe(3);
      expect(first.body.return_count).toBe(2);
      expect(first.body.page_size).toBe(2);
      expect(first.body.page_offset).toBe(0);
      expect(listed(first)).toEqual([conversations[2], conversations[1]]);
      const item = first.body.list[0];
      expect(item.conversation_data.user_uuid).toBe(visitor.userUuid);
      expect(item.conversation_data.conversation_status).toBe('OPEN');
      expect(item.from_user.uuid).toBe(visitor.userUuid);
      expect(item.latest_message.body).toBe('hello 2');
      expect(item.message_total_count).toBe(1);
      expect(item.unread_count).toBe(0);

      const second = await page({ page_offset: 1, page_size: 2 });
      expect(listed(second)).toEqual([conversations[0]]);
      expect(listed(await page({ page_offset: 5, page_size: 2 }))).toEqual([]);
      expect(listed(await page({}))).not.toContain(quiet);
    });

    it('defaults to 30 and clamps the size to 100', async () => {
      const defaults = await page({});
      expect(defaults.body.page_size).toBe(30);
      expect(defaults.body.page_offset).toBe(0);
      expect((await page({ page_size: 1000 })).body.page_size).toBe(100);
    });

    it('serves agents and third-party kefu tokens', async () => {
      const agentPage = await server.api('PP_PAGE_USER_CONVERSATION', { app_uuid: app, user_uuid: agent.userUuid }, agent.token);
      expect(agentPage.body.error_code).toBe(0);
      const thirdParty = await page({}, thirdPartyKefu);
      expect(thirdParty.body.error_code).toBe(0);
      expect(thirdParty.body.total_count).toBe(3);
    });

    it.each([
      ['app_uuid missing', { app_uuid: undefined }, 6],
      ['user_uuid missing', { user_uuid: undefined }, 6],
      ['user_uuid not a string', { user_uuid: 5 }, 28],
      ['page_offset not an integer', { page_offset: '1' }, 28],
      ['page_size not an integer', { page_size: 2.5 }, 28],
      ['negative page_offset', { page_offset: -1 }, 44],
      ['page_size 0', { page_size: 0 }, 44],
      ['malformed user_uuid', { user_uuid: 'bad' }, 44],
    ])('rejects %s', async (_case, override, code) => {
      const answer = await page(override, thirdPartyKefu);
      expect(answer.body.error_code).toBe(code);
    });

    it('unknown and foreign users are 7', async () => {
      const foreignVisitor = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      expect((await page({ user_uuid: randomUUID() }, thirdPartyKefu)).body.error_code).toBe(7);
      const foreign = await page({ user_uuid: foreignVisitor.userUuid }, thirdPartyKefu);
      expect(foreign.body.error_code).toBe(7);
      expect(foreign.body.list).toBeUndefined();
    });

    it('rejects a console token with 4', async () => {
      expect((await page({}, consoleToken)).body.error_code).toBe(4);
    });

    it("rejects another app's app_uuid with 20", async () => {
      expect((await page({ app_uuid: other.appUuid })).body.error_code).toBe(20);
    });

    it('rejects acting as another user with 20', async () => {
      const answer = await page({ user_uuid: agent.userUuid });
      expect(answer.body.error_code).toBe(20);
    });
  });
});
