import { randomUUID } from 'node:crypto';
import { ConversationProjector } from '../src/modules/conversation/read-models/conversation.projector';
import { createAgent, createVisitor, textMessage, Visitor } from './support/fixtures';
import { createOtherApp, TestServer } from './support/test-server';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{6}$/;

describe('conversations', () => {
  let server: TestServer;
  let app: string;

  beforeAll(async () => {
    server = await TestServer.start();
    app = server.appUuid;
  });

  afterAll(async () => {
    await server.close();
  });

  const setPolicy = (policy: string, appUuid = app) => server.dataSource.query(`UPDATE apps SET app_route_policy = $2 WHERE uuid = $1`, [appUuid, policy]);
  const createP2S = (visitor: Visitor, extra: Record<string, unknown> = {}) =>
    server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, conversation_type: 'P2S', ...extra }, visitor.token);
  const send = (token: string, conversationUuid: string, fromUuid: string, text: string) => server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, fromUuid, text), token);

  describe('PP_CREATE_CONVERSATION', () => {
    it('creates a visitor conversation with the distributors', async () => {
      await setPolicy('BROADCAST');
      const agent = await createAgent(server, { fullname: 'Alice Agent' });
      const visitor = await createVisitor(server);
      const answer = await createP2S(visitor, { conversation_name: 'Help' });
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_CREATE_CONVERSATION');
      expect(answer.body.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.body.app_uuid).toBe(app);
      expect(answer.body.user_uuid).toBe(visitor.userUuid);
      expect(answer.body.status).toBe('NEW');
      expect(answer.body.conversation_type).toBe('P2S');
      expect(answer.body.user_list).toEqual(expect.arrayContaining([agent.userUuid, server.bootstrap.admin.user_uuid]));
      expect(answer.body.user_list).not.toContain(visitor.userUuid);
      expect(answer.body.assigned_uuid).toBeNull();
      expect(answer.body.createtime).toMatch(DATETIME);
      expect(typeof answer.body.createtimestamp).toBe('number');
      expect(typeof answer.body.updatetimestamp).toBe('number');
      expect(answer.body.latest_task).toBeNull();
    });

    it('returns the latest conversation on a second create', async () => {
      const visitor = await createVisitor(server);
      const first = await createP2S(visitor);
      const second = await createP2S(visitor);
      expect(second.body.error_code).toBe(0);
      expect(second.body.uuid).toBe(first.body.uuid);
      expect(second.body.user_list).toBeUndefined();
      const rows = await server.dataSource.query(`SELECT count(*)::int AS count FROM conversations WHERE user_uuid = $1`, [visitor.userUuid]);
      expect(rows[0].count).toBe(1);
    });

    it('concurrent creates make one conversation', async () => {
      const visitor = await createVisitor(server);
      const answers = await Promise.all(Array.from({ length: 10 }, () => createP2S(visitor)));
      const uuids = new Set(answers.map((answer) => answer.body.uuid));
      expect(answers.every((answer) => answer.body.error_code === 0)).toBe(true);
      expect(uuids.size).toBe(1);
    });

    it('one agent by member_list is assigned and reused', async () => {
      const agent = await createAgent(server, { fullname: 'Bob Agent' });
      const visitor = await createVisitor(server);
      const first = await createP2S(visitor, { member_list: [agent.userUuid] });
      expect(first.body.assigned_uuid).toBe(agent.userUuid);
      expect(first.body.user_list).toEqual([agent.userUuid]);
      expect(first.body.conversation_name).toBe('Bob Agent');
      const again = await createP2S(visitor, { member_list: [agent.userUuid] });
      expect(again.body.uuid).toBe(first.body.uuid);
    });

    it('S2S needs member_list and reuses the same member set', async () => {
      const alice = await createAgent(server);
      const bob = await createAgent(server);
      const carol = await createAgent(server);
      const missing = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: alice.userUuid, conversation_type: 'S2S' }, alice.token);
      expect(missing.body.error_code).toBe(6);
      const group = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: alice.userUuid, conversation_type: 'S2S', member_list: [bob.userUuid, carol.userUuid], conversation_name: 'Ops' }, alice.token);
      expect(group.body.error_code).toBe(0);
      expect(group.body.conversation_name).toBe('Ops');
      const same = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: alice.userUuid, conversation_type: 'S2S', member_list: [carol.userUuid, bob.userUuid] }, alice.token);
      expect(same.body.uuid).toBe(group.body.uuid);
      const pair = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: alice.userUuid, conversation_type: 'S2S', member_list: [bob.userUuid] }, alice.token);
      expect(pair.body.uuid).not.toBe(group.body.uuid);
      expect(pair.body.assigned_uuid).toBe(bob.userUuid);
    });

    it.each([
      [{ user_uuid: undefined }, 6],
      [{ conversation_type: undefined }, 6],
      [{ app_uuid: undefined }, 6],
      [{ conversation_type: 'P2P' }, 36],
      [{ conversation_type: 5 }, 28],
      [{ member_list: 'not-a-list' }, 31],
      [{ member_list: ['bad'] }, 44],
      [{ group_uuid: 'bad' }, 44],
      [{ conversation_name: 7 }, 28],
    ])('rejects %j with %i', async (override, code) => {
      const visitor = await createVisitor(server);
      const body: Record<string, unknown> = { app_uuid: app, user_uuid: visitor.userUuid, conversation_type: 'P2S', ...override };
      for (const key of Object.keys(override)) {
        if ((override as Record<string, unknown>)[key] === undefined) {
          delete body[key];
        }
      }
      const answer = await server.api('PP_CREATE_CONVERSATION', body, visitor.token);
      expect(answer.body.error_code).toBe(code);
    });

    it('unknown member is 7 and unknown group is 30', async () => {
      const visitor = await createVisitor(server);
      expect((await createP2S(visitor, { member_list: [randomUUID()] })).body.error_code).toBe(7);
      expect((await createP2S(visitor, { group_uuid: randomUUID() })).body.error_code).toBe(30);
    });

    it('visitor acting as another visitor is 20', async () => {
      const visitor = await createVisitor(server);
      const other = await createVisitor(server);
      const answer = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: other.userUuid, conversation_type: 'P2S' }, visitor.token);
      expect(answer.body.error_code).toBe(20);
    });

    it("another app's user is 7 and another app is 20", async () => {
      const other = await createOtherApp(server);
      const foreigner = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const thirdParty = await server.clientToken('THIRD_PARTY_KEFU');
      const foreignUser = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: foreigner.userUuid, conversation_type: 'P2S' }, thirdParty);
      expect(foreignUser.body.error_code).toBe(7);
      const foreignApp = await server.api('PP_CREATE_CONVERSATION', { app_uuid: other.appUuid, user_uuid: foreigner.userUuid, conversation_type: 'P2S' }, thirdParty);
      expect(foreignApp.body.error_code).toBe(20);
    });

    it('console level is 4', async () => {
      const visitor = await createVisitor(server);
      const { token } = await server.passwordToken('PPCONSOLE');
      const answer = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, conversation_type: 'P2S' }, token);
      expect(answer.body.error_code).toBe(4);
    });
  });

  describe('route policies', () => {
    it('SMART spreads 30 visitors evenly over 3 online agents', async () => {
      const other = await createOtherApp(server);
      await setPolicy('SMART', other.appUuid);
      const agents = await Promise.all([1, 2, 3].map(() => createAgent(server, { appUuid: other.appUuid, keys: other.keys, online: true })));
      const visitors = await Promise.all(Array.from({ length: 30 }, () => createVisitor(server, { appUuid: other.appUuid, keys: other.keys })));
      const answers = await Promise.all(
        visitors.map((visitor) =>
          server.api('PP_CREATE_CONVERSATION', { app_uuid: other.appUuid, user_uuid: visitor.userUuid, conversation_type: 'P2S' }, visitor.token),
        ),
      );
      expect(answers.map((answer) => answer.body.error_code)).toEqual(Array(30).fill(0));
      const counts = new Map<string, number>();
      for (const answer of answers) {
        expect(answer.body.user_list).toHaveLength(1);
        counts.set(answer.body.assigned_uuid, (counts.get(answer.body.assigned_uuid) ?? 0) + 1);
      }
      expect(agents.map((agent) => counts.get(agent.userUuid))).toEqual([10, 10, 10]);
    });

    it('SMART with nobody online is 35', async () => {
      const other = await createOtherApp(server);
      await setPolicy('SMART', other.appUuid);
      const visitor = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const answer = await server.api('PP_CREATE_CONVERSATION', { app_uuid: other.appUuid, user_uuid: visitor.userUuid, conversation_type: 'P2S' }, visitor.token);
      expect(answer.body.error_code).toBe(35);
    });

    it('GROUP picks READY members of the distributor group', async () => {
      const other = await createOtherApp(server);
      await setPolicy('GROUP', other.appUuid);
      const visitor = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const none = await server.api('PP_CREATE_CONVERSATION', { app_uuid: other.appUuid, user_uuid: visitor.userUuid, conversation_type: 'P2S' }, visitor.token);
      expect(none.body.error_code).toBe(35);

      const ready = await createAgent(server, { appUuid: other.appUuid, keys: other.keys, status: 'READY' });
      const busy = await createAgent(server, { appUuid: other.appUuid, keys: other.keys, status: 'BUSY' });
      const groupUuid = randomUUID();
      await server.dataSource.query(`INSERT INTO org_groups (uuid, app_uuid, group_name, is_distributor, user_count) VALUES ($1, $2, 'First line', true, 2)`, [groupUuid, other.appUuid]);
      for (const agent of [ready, busy]) {
        await server.dataSource.query(`INSERT INTO org_group_users (app_uuid, user_uuid, group_uuid) VALUES ($1, $2, $3)`, [other.appUuid, agent.userUuid, groupUuid]);
      }
      const visitors = await Promise.all([1, 2, 3].map(() => createVisitor(server, { appUuid: other.appUuid, keys: other.keys })));
      for (const each of visitors) {
        const answer = await server.api('PP_CREATE_CONVERSATION', { app_uuid: other.appUuid, user_uuid: each.userUuid, conversation_type: 'P2S' }, each.token);
        expect(answer.body.error_code).toBe(0);
        expect(answer.body.user_list).toEqual([ready.userUuid]);
      }
    });

    it('BROADCAST without distributors is 35', async () => {
      const other = await createOtherApp(server);
      await server.dataSource.query(`UPDATE app_users SET is_distributor_user = false WHERE app_uuid = $1`, [other.appUuid]);
      const visitor = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const answer = await server.api('PP_CREATE_CONVERSATION', { app_uuid: other.appUuid, user_uuid: visitor.userUuid, conversation_type: 'P2S' }, visitor.token);
      expect(answer.body.error_code).toBe(35);
      expect(answer.body.error_string).toBe('no conversation member.');
    });
  });

  describe('info, lists and status', () => {
    it('PP_GET_CONVERSATION_INFO gives the member view', async () => {
      const visitor = await createVisitor(server);
      const created = await createP2S(visitor);
      const answer = await server.api('PP_GET_CONVERSATION_INFO', { app_uuid: app, user_uuid: visitor.userUuid, conversation_uuid: created.body.uuid }, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uuid).toBe(created.body.uuid);
      expect(answer.body.conversation_data.user_uuid).toBe(visitor.userUuid);
      expect(answer.body.conversation_data.conversation_status).toBe('NEW');
      expect(answer.body.conversation_data.conversation_uuid).toBe(created.body.uuid);
      expect(answer.body.conversation_data.createtime).toMatch(DATETIME);
    });

    it('info for a non-member, unknown or foreign conversation is 26', async () => {
      const visitor = await createVisitor(server);
      const stranger = await createVisitor(server);
      const created = await createP2S(visitor);
      const notMember = await server.api('PP_GET_CONVERSATION_INFO', { app_uuid: app, user_uuid: stranger.userUuid, conversation_uuid: created.body.uuid }, stranger.token);
      expect(notMember.body.error_code).toBe(26);
      const unknown = await server.api('PP_GET_CONVERSATION_INFO', { app_uuid: app, user_uuid: visitor.userUuid, conversation_uuid: randomUUID() }, visitor.token);
      expect(unknown.body.error_code).toBe(26);

      const other = await createOtherApp(server);
      const foreigner = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const foreign = await server.api('PP_CREATE_CONVERSATION', { app_uuid: other.appUuid, user_uuid: foreigner.userUuid, conversation_type: 'P2S' }, foreigner.token);
      const thirdParty = await server.clientToken('THIRD_PARTY_KEFU');
      const crossApp = await server.api('PP_GET_CONVERSATION_INFO', { app_uuid: app, user_uuid: foreigner.userUuid, conversation_uuid: foreign.body.uuid }, thirdParty);
      expect(crossApp.body.error_code).toBe(26);
    });

    it('user list shows only conversations with messages, newest first', async () => {
      await setPolicy('BROADCAST');
      const visitor = await createVisitor(server);
      const agent = await createAgent(server);
      const first = await createP2S(visitor, { member_list: [agent.userUuid] });
      const empty = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: visitor.userUuid }, visitor.token);
      expect(empty.body.error_code).toBe(0);
      expect(empty.body.list).toEqual([]);
      expect(empty.body.next_cursor).toBeNull();

      expect((await send(visitor.token, first.body.uuid, visitor.userUuid, 'hello')).body.error_code).toBe(0);
      expect((await send(agent.token, first.body.uuid, agent.userUuid, 'hi, how can I help?')).body.error_code).toBe(0);
      const list = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: visitor.userUuid }, visitor.token);
      expect(list.body.list).toHaveLength(1);
      const item = list.body.list[0];
      expect(item.uuid).toBe(first.body.uuid);
      expect(item.status).toBe('OPEN');
      expect(item.message_total_count).toBe(2);
      expect(item.unread_count).toBe(1);
      expect(item.conversation_data.conversation_status).toBe('OPEN');
      expect(item.from_user.uuid).toBe(visitor.userUuid);
      expect(item.from_user).not.toHaveProperty('user_password');
      expect(item.from_user).not.toHaveProperty('password_hash');
      expect(item.latest_message.message_subtype).toBe('TEXT');
      expect(item.latest_message.body).toBe('hi, how can I help?');
      expect(JSON.parse(item.latest_message.message_body).bo).toBe('hi, how can I help?');
    });

    it('user list pages with a cursor without gaps or repeats', async () => {
      const agent = await createAgent(server);
      const created: string[] = [];
      for (let index = 0; index < 5; index++) {
        const visitor = await createVisitor(server);
        const conversation = await createP2S(visitor, { member_list: [agent.userUuid] });
        await send(visitor.token, conversation.body.uuid, visitor.userUuid, `message ${index}`);
        created.push(conversation.body.uuid);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 5; page++) {
        const answer = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: agent.userUuid, page_size: 2, ...(cursor ? { cursor } : {}) }, agent.token);
        expect(answer.body.error_code).toBe(0);
        seen.push(...answer.body.list.map((item: { uuid: string }) => item.uuid));
        cursor = answer.body.next_cursor ?? undefined;
        if (!cursor) {
          break;
        }
      }
      expect(seen).toEqual([...created].reverse());
    });

    it('bad cursor is 44 and page_size 0 is 44', async () => {
      const agent = await createAgent(server);
      const badCursor = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: agent.userUuid, cursor: 'garbage' }, agent.token);
      expect(badCursor.body.error_code).toBe(44);
      const zero = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: agent.userUuid, page_size: 0 }, agent.token);
      expect(zero.body.error_code).toBe(44);
      const huge = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: agent.userUuid, page_size: 5000 }, agent.token);
      expect(huge.body.page_size).toBe(200);
    });

    it('team inbox is for the team, and closing by an agent removes it', async () => {
      const agent = await createAgent(server);
      const visitor = await createVisitor(server);
      const conversation = await createP2S(visitor, { member_list: [agent.userUuid] });
      const inbox = () => server.api('PP_GET_APP_CONVERSATION_LIST', { app_uuid: app, page_size: 200 }, agent.token);
      const has = async () => (await inbox()).body.list.some((item: { uuid: string }) => item.uuid === conversation.body.uuid);

      expect((await server.api('PP_GET_APP_CONVERSATION_LIST', { app_uuid: app }, visitor.token)).body.error_code).toBe(20);
      expect(await has()).toBe(false);
      await send(visitor.token, conversation.body.uuid, visitor.userUuid, 'anyone there?');
      const listed = (await inbox()).body.list.find((item: { uuid: string }) => item.uuid === conversation.body.uuid);
      expect(listed.create_user.uuid).toBe(visitor.userUuid);
      expect(listed.message_total_count).toBe(1);
      expect(listed.unread_count).toBe(1);
      expect(listed.latest_message.body).toBe('anyone there?');

      const closedByVisitor = await server.api('PP_CLOSE_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, conversation_uuid: conversation.body.uuid }, visitor.token);
      expect(closedByVisitor.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PP_CLOSE_CONVERSATION' });
      expect(await has()).toBe(true);
      const visitorList = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: visitor.userUuid }, visitor.token);
      expect(visitorList.body.list).toEqual([]);

      await server.api('PP_CLOSE_CONVERSATION', { app_uuid: app, user_uuid: agent.userUuid, conversation_uuid: conversation.body.uuid }, agent.token);
      expect(await has()).toBe(false);
      const reopened = await server.api('PP_OPEN_CONVERSATION', { app_uuid: app, user_uuid: agent.userUuid, conversation_uuid: conversation.body.uuid }, agent.token);
      expect(reopened.body.error_code).toBe(0);
      expect(await has()).toBe(true);

      await server.api('PP_CLOSE_CONVERSATION', { app_uuid: app, user_uuid: agent.userUuid, conversation_uuid: conversation.body.uuid }, agent.token);
      await send(visitor.token, conversation.body.uuid, visitor.userUuid, 'back again');
      expect(await has()).toBe(true);
      const visitorAgain = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: visitor.userUuid }, visitor.token);
      expect(visitorAgain.body.list.map((item: { uuid: string }) => item.uuid)).toEqual([conversation.body.uuid]);
    });

    it('open and close need membership and acting as the user', async () => {
      const visitor = await createVisitor(server);
      const stranger = await createVisitor(server);
      const conversation = await createP2S(visitor);
      const body = { app_uuid: app, user_uuid: stranger.userUuid, conversation_uuid: conversation.body.uuid };
      expect((await server.api('PP_CLOSE_CONVERSATION', body, stranger.token)).body.error_code).toBe(26);
      expect((await server.api('PP_OPEN_CONVERSATION', body, stranger.token)).body.error_code).toBe(26);
      expect((await server.api('PP_CLOSE_CONVERSATION', { ...body, user_uuid: visitor.userUuid }, stranger.token)).body.error_code).toBe(20);
      expect((await server.api('PP_OPEN_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid }, visitor.token)).body.error_code).toBe(6);
      expect((await server.api('PP_OPEN_CONVERSATION', { ...body, conversation_uuid: 42 }, visitor.token)).body.error_code).toBe(28);
    });

    it('mark read moves unread_count', async () => {
      const agent = await createAgent(server);
      const visitor = await createVisitor(server);
      const conversation = await createP2S(visitor, { member_list: [agent.userUuid] });
      const sent = [];
      for (const text of ['one', 'two', 'three']) {
        sent.push((await server.api('PP_SEND_MESSAGE', textMessage(app, conversation.body.uuid, visitor.userUuid, text), visitor.token)).body.uuid);
      }
      const unread = async () =>
        (await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: agent.userUuid }, agent.token)).body.list.find((item: { uuid: string }) => item.uuid === conversation.body.uuid).unread_count;
      expect(await unread()).toBe(3);
      const partial = await server.api('PP_MARK_CONVERSATION_READ', { app_uuid: app, user_uuid: agent.userUuid, conversation_uuid: conversation.body.uuid, max_id: sent[0] }, agent.token);
      expect(partial.body.unread_count).toBe(2);
      expect(await unread()).toBe(2);
      await server.api('PP_MARK_CONVERSATION_READ', { app_uuid: app, user_uuid: agent.userUuid, conversation_uuid: conversation.body.uuid }, agent.token);
      expect(await unread()).toBe(0);
      const backwards = await server.api('PP_MARK_CONVERSATION_READ', { app_uuid: app, user_uuid: agent.userUuid, conversation_uuid: conversation.body.uuid, max_id: sent[0] }, agent.token);
      expect(backwards.body.unread_count).toBe(0);
      const unknown = await server.api('PP_MARK_CONVERSATION_READ', { app_uuid: app, user_uuid: agent.userUuid, conversation_uuid: conversation.body.uuid, max_id: randomUUID() }, agent.token);
      expect(unknown.body.error_code).toBe(44);
    });

    it('conversation user list returns member cards', async () => {
      const agent = await createAgent(server, { fullname: 'Carol Card', online: true });
      const visitor = await createVisitor(server);
      const stranger = await createVisitor(server);
      const conversation = await createP2S(visitor, { member_list: [agent.userUuid] });
      const answer = await server.api('PP_GET_CONVERSATION_USER_LIST', { app_uuid: app, conversation_uuid: conversation.body.uuid }, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.list).toHaveLength(2);
      const card = answer.body.list.find((item: { uuid: string }) => item.uuid === agent.userUuid);
      expect(card.user_fullname).toBe('Carol Card');
      expect(card.is_browser_online).toBe(true);
      expect(card.is_mobile_online).toBe(false);
      expect(card.group).toBeNull();
      expect(typeof card.updatetime).toBe('number');
      const outsider = await server.api('PP_GET_CONVERSATION_USER_LIST', { app_uuid: app, conversation_uuid: conversation.body.uuid }, stranger.token);
      expect(outsider.body.error_code).toBe(26);
    });

    it('deprecated update sets the assignee', async () => {
      const agent = await createAgent(server);
      const visitor = await createVisitor(server);
      const conversation = await createP2S(visitor, { member_list: [agent.userUuid] });
      const answer = await server.api('PP_UPDATE_CONVERSATION', { conversation_uuid: conversation.body.uuid, assigned_uuid: agent.userUuid }, visitor.token);
      expect(answer.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PP_UPDATE_CONVERSATION' });
      const stranger = await createAgent(server);
      const notMember = await server.api('PP_UPDATE_CONVERSATION', { conversation_uuid: conversation.body.uuid, assigned_uuid: stranger.userUuid }, visitor.token);
      expect(notMember.body.error_code).toBe(7);
      const missing = await server.api('PP_UPDATE_CONVERSATION', { conversation_uuid: conversation.body.uuid }, visitor.token);
      expect(missing.body.error_code).toBe(6);
      const unknown = await server.api('PP_UPDATE_CONVERSATION', { conversation_uuid: randomUUID(), assigned_uuid: agent.userUuid }, visitor.token);
      expect(unknown.body.error_code).toBe(26);
    });
  });

  describe('PPCOM_GET_DEFAULT_CONVERSATION', () => {
    it('creates once, then returns the latest', async () => {
      await setPolicy('BROADCAST');
      const visitor = await createVisitor(server);
      const body = { app_uuid: app, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid };
      const first = await server.api('PPCOM_GET_DEFAULT_CONVERSATION', body, visitor.token);
      expect(first.body.error_code).toBe(0);
      expect(first.body.conversation_type).toBe('P2S');
      expect(first.body.app_name).toBe('Default Team');
      expect(typeof first.body.app_welcome).toBe('string');
      expect(first.body.user_list.map((card: { uuid: string }) => card.uuid)).toContain(visitor.userUuid);
      const second = await server.api('PPCOM_GET_DEFAULT_CONVERSATION', body, visitor.token);
      expect(second.body.uuid).toBe(first.body.uuid);
    });

    it('rejects a foreign device, a wrong level and missing fields', async () => {
      const visitor = await createVisitor(server);
      const other = await createVisitor(server);
      const foreignDevice = await server.api('PPCOM_GET_DEFAULT_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, device_uuid: other.deviceUuid }, visitor.token);
      expect(foreignDevice.body.error_code).toBe(8);
      const agent = await createAgent(server);
      const wrongLevel = await server.api('PPCOM_GET_DEFAULT_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, device_uuid: visitor.deviceUuid }, agent.token);
      expect(wrongLevel.body.error_code).toBe(4);
      const missing = await server.api('PPCOM_GET_DEFAULT_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid }, visitor.token);
      expect(missing.body.error_code).toBe(6);
    });
  });

  it('rebuilt read models equal the live ones', async () => {
    const snapshot = async () => ({
      members: await server.dataSource.query(`SELECT * FROM member_conversation_views ORDER BY user_uuid, conversation_uuid`),
      inbox: await server.dataSource.query(`SELECT * FROM team_inbox_views ORDER BY conversation_uuid`),
    });
    const live = await snapshot();
    expect(live.members.length).toBeGreaterThan(10);
    await server.dataSource.transaction((manager) => server.app.get(ConversationProjector).rebuild(manager, null));
    const rebuilt = await snapshot();
    expect(rebuilt.members).toEqual(live.members);
    expect(rebuilt.inbox).toEqual(live.inbox);
  });
});
