import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../src/config/app-config';
import { UserAccountService } from '../src/modules/user/user-account.service';
import { createOtherApp, TestServer } from './support/test-server';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{6}$/;
const GROUP_FIELDS = [
  'uuid', 'app_uuid', 'group_name', 'group_desc', 'group_icon', 'is_root', 'is_distributor', 'group_route_algorithm',
  'group_work_time_str', 'group_visible_for_ppcom', 'group_visible_order_for_ppcom', 'user_count', 'conversation_uuid',
  'createtime', 'updatetime',
];

describe('org groups', () => {
  let server: TestServer;
  let consoleToken: string;
  let appUuid: string;

  beforeAll(async () => {
    server = await TestServer.start();
    consoleToken = (await server.passwordToken('PPCONSOLE')).token;
    appUuid = server.appUuid;
  });

  afterAll(async () => {
    await server.close();
  });

  /** Creates an agent (service user) without a password, so no password hashing slows the tests. */
  async function createAgent(inApp = appUuid, roles: { service?: boolean; removed?: boolean } = {}): Promise<string> {
    const users = server.app.get(UserAccountService);
    return server.dataSource.transaction(async (manager) => {
      const user = await users.createServiceUser(manager, { appUuid: inApp, email: `agent-${randomUUID()}@example.test`, fullname: 'Agent', passwordSha1: null, userStatus: 'SERVICE' });
      await users.addMembership(manager, inApp, user.uuid, { isOwner: false, isService: roles.service ?? true, isDistributor: false, isPortal: false });
      if (roles.removed) {
        await manager.query('UPDATE users SET removed_at = now() WHERE uuid = $1', [user.uuid]);
      }
      return user.uuid;
    });
  }

  async function createVisitor(): Promise<string> {
    const uuid = randomUUID();
    await server.dataSource.query(`INSERT INTO users (uuid, app_uuid, user_type) VALUES ($1, $2, 'PORTAL')`, [uuid, appUuid]);
    await server.dataSource.query('INSERT INTO app_users (app_uuid, user_uuid, is_portal_user) VALUES ($1, $2, true)', [appUuid, uuid]);
    return uuid;
  }

  async function createGroup(body: Record<string, unknown> = {}, token = consoleToken, inApp = appUuid): Promise<Record<string, any>> {
    const answer = await server.api('PP_CREATE_ORG_GROUP', { app_uuid: inApp, group_name: `Group ${randomUUID().slice(0, 8)}`, ...body }, token);
    if (answer.body.error_code !== 0) {
      throw new Error(`PP_CREATE_ORG_GROUP failed: ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  async function stored(groupUuid: string): Promise<{ user_count: number; members: number } | undefined> {
    const [row] = await server.dataSource.query(
      'SELECT g.user_count, (SELECT count(*)::int FROM org_group_users m WHERE m.group_uuid = g.uuid) AS members FROM org_groups g WHERE g.uuid = $1',
      [groupUuid],
    );
    return row;
  }

  async function otherAppGroup(): Promise<{ groupUuid: string; agentUuid: string; otherAppUuid: string }> {
    const other = await createOtherApp(server);
    const token = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
    const group = await createGroup({}, token, other.appUuid);
    return { groupUuid: group.uuid, agentUuid: await createAgent(other.appUuid), otherAppUuid: other.appUuid };
  }

  describe('PP_CREATE_ORG_GROUP', () => {
    it('creates a group with every field', async () => {
      const answer = await server.api('PP_CREATE_ORG_GROUP', {
        app_uuid: appUuid,
        group_name: 'Sales',
        group_desc: 'Pre-sales questions',
        group_icon: 'https://example.test/sales.png',
        group_work_time_str: '08:00-20:00',
        group_visible_for_ppcom: true,
        group_visible_order_for_ppcom: 3,
      }, consoleToken);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_CREATE_ORG_GROUP');
      expect(answer.body.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.body.app_uuid).toBe(appUuid);
      expect(answer.body.group_name).toBe('Sales');
      expect(answer.body.group_desc).toBe('Pre-sales questions');
      expect(answer.body.group_icon).toBe('https://example.test/sales.png');
      expect(answer.body.is_root).toBe(false);
      expect(answer.body.is_distributor).toBe(false);
      expect(answer.body.group_route_algorithm).toBeNull();
      expect(answer.body.group_work_time_str).toBe('08:00-20:00');
      expect(answer.body.group_visible_for_ppcom).toBe(true);
      expect(answer.body.group_visible_order_for_ppcom).toBe(3);
      expect(answer.body.user_count).toBe(0);
      expect(answer.body.conversation_uuid).toBeNull();
      expect(answer.body.createtime).toMatch(DATETIME);
      expect(answer.body.updatetime).toMatch(DATETIME);
      const [row] = await server.dataSource.query('SELECT * FROM org_groups WHERE uuid = $1', [answer.body.uuid]);
      expect(row.app_uuid).toBe(appUuid);
      expect(row.group_name).toBe('Sales');
    });

    it('defaults group_icon to an identicon URL', async () => {
      const group = await createGroup();
      const config = server.app.get<AppConfig>(APP_CONFIG);
      expect(group.group_icon).toBe(`${config.publicUrl}/identicon/${group.uuid}.png`);
      expect(group.group_desc).toBeNull();
      expect(group.group_visible_for_ppcom).toBeNull();
    });

    it('second distributor group is 44', async () => {
      const other = await createOtherApp(server);
      const token = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
      await createGroup({ is_distributor: true }, token, other.appUuid);
      const answer = await server.api('PP_CREATE_ORG_GROUP', { app_uuid: other.appUuid, group_name: 'Second', is_distributor: true }, token);
      expect(answer.body.error_code).toBe(44);
      const [row] = await server.dataSource.query('SELECT count(*)::int AS n FROM org_groups WHERE app_uuid = $1', [other.appUuid]);
      expect(row.n).toBe(1);
    });

    it('concurrent distributor creates keep one', async () => {
      const other = await createOtherApp(server);
      const token = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, index) => server.api('PP_CREATE_ORG_GROUP', { app_uuid: other.appUuid, group_name: `D${index}`, is_distributor: true }, token)),
      );
      const codes = answers.map((answer) => answer.body.error_code);
      expect(codes.filter((code) => code === 0)).toHaveLength(1);
      expect(codes.filter((code) => code === 44)).toHaveLength(11);
      const [row] = await server.dataSource.query('SELECT count(*)::int AS n FROM org_groups WHERE app_uuid = $1 AND is_distributor', [other.appUuid]);
      expect(row.n).toBe(1);
    });

    it.each([
      ['app_uuid', () => ({ group_name: 'x' })],
      ['group_name', () => ({ app_uuid: appUuid })],
      ['null group_name', () => ({ app_uuid: appUuid, group_name: null })],
    ])('missing %s is 6', async (_case, makeBody) => {
      const answer = await server.api('PP_CREATE_ORG_GROUP', makeBody(), consoleToken);
      expect(answer.body.error_code).toBe(6);
    });

    it.each([
      ['group_name', 7],
      ['group_desc', {}],
      ['is_distributor', 'true'],
      ['group_visible_for_ppcom', 1],
      ['group_visible_order_for_ppcom', '2'],
      ['group_visible_order_for_ppcom', 1.5],
    ])('wrong type of %s is 28', async (field, value) => {
      const answer = await server.api('PP_CREATE_ORG_GROUP', { app_uuid: appUuid, group_name: 'x', [field]: value }, consoleToken);
      expect(answer.body.error_code).toBe(28);
    });

    it.each([
      ['group_name', ' '],
      ['group_name', 'n'.repeat(129)],
      ['group_visible_order_for_ppcom', 2 ** 31],
      ['group_work_time_str', 'x'.repeat(65)],
      ['app_uuid', 'xyz'],
    ])('invalid %s is 44', async (field, value) => {
      const answer = await server.api('PP_CREATE_ORG_GROUP', { app_uuid: appUuid, group_name: 'x', [field]: value }, consoleToken);
      expect(answer.body.error_code).toBe(44);
    });

    it.each(['PPCOM', 'THIRD_PARTY_KEFU'] as const)('%s token is 4', async (level) => {
      const answer = await server.api('PP_CREATE_ORG_GROUP', { app_uuid: appUuid, group_name: 'x' }, await server.clientToken(level));
      expect(answer.body.error_code).toBe(4);
    });

    it('PPKEFU token is 4', async () => {
      const { token } = await server.passwordToken('PPKEFU');
      const answer = await server.api('PP_CREATE_ORG_GROUP', { app_uuid: appUuid, group_name: 'x' }, token);
      expect(answer.body.error_code).toBe(4);
    });

    it('another app is 20', async () => {
      const other = await createOtherApp(server);
      const answer = await server.api('PP_CREATE_ORG_GROUP', { app_uuid: other.appUuid, group_name: 'x' }, consoleToken);
      expect(answer.body.error_code).toBe(20);
      const [row] = await server.dataSource.query('SELECT count(*)::int AS n FROM org_groups WHERE app_uuid = $1', [other.appUuid]);
      expect(row.n).toBe(0);
    });
  });

  describe('PP_GET_APP_ORG_GROUP_LIST', () => {
    it('lists the app groups oldest first, typed', async () => {
      const other = await createOtherApp(server);
      const token = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
      const first = await createGroup({ group_name: 'First' }, token, other.appUuid);
      const second = await createGroup({ group_name: 'Second', is_distributor: true, group_visible_order_for_ppcom: 2 }, token, other.appUuid);
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: other.appUuid, group_uuid: second.uuid, user_list: [await createAgent(other.appUuid)] }, token);

      const answer = await server.api('PP_GET_APP_ORG_GROUP_LIST', { app_uuid: other.appUuid }, token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_GET_APP_ORG_GROUP_LIST');
      expect(answer.body.list.map((group: { uuid: string }) => group.uuid)).toEqual([first.uuid, second.uuid]);
      const listed = answer.body.list[1];
      expect(Object.keys(listed).sort()).toEqual([...GROUP_FIELDS].sort());
      expect(listed.user_count).toBe(1);
      expect(listed.is_distributor).toBe(true);
      expect(listed.group_visible_order_for_ppcom).toBe(2);
      expect(listed.conversation_uuid).toBeNull();
      expect(listed.createtime).toMatch(DATETIME);
    });

    it.each(['PPCOM', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'] as const)('%s token reads the list', async (level) => {
      const group = await createGroup();
      const answer = await server.api('PP_GET_APP_ORG_GROUP_LIST', { app_uuid: appUuid }, await server.clientToken(level));
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.list.map((item: { uuid: string }) => item.uuid)).toContain(group.uuid);
    });

    it('PPKEFU token reads the list', async () => {
      const { token } = await server.passwordToken('PPKEFU');
      const answer = await server.api('PP_GET_APP_ORG_GROUP_LIST', { app_uuid: appUuid }, token);
      expect(answer.body.error_code).toBe(0);
    });

    it('never lists another app group', async () => {
      const { groupUuid } = await otherAppGroup();
      const answer = await server.api('PP_GET_APP_ORG_GROUP_LIST', { app_uuid: appUuid }, consoleToken);
      expect(answer.body.list.map((item: { uuid: string }) => item.uuid)).not.toContain(groupUuid);
      expect(answer.body.list.every((item: { app_uuid: string }) => item.app_uuid === appUuid)).toBe(true);
    });

    it('missing app_uuid is 6', async () => {
      const answer = await server.api('PP_GET_APP_ORG_GROUP_LIST', {}, consoleToken);
      expect(answer.body.error_code).toBe(6);
    });

    it('app_uuid number is 28', async () => {
      const answer = await server.api('PP_GET_APP_ORG_GROUP_LIST', { app_uuid: 1 }, consoleToken);
      expect(answer.body.error_code).toBe(28);
    });

    it('another app is 20', async () => {
      const { otherAppUuid } = await otherAppGroup();
      const answer = await server.api('PP_GET_APP_ORG_GROUP_LIST', { app_uuid: otherAppUuid }, consoleToken);
      expect(answer.body.error_code).toBe(20);
    });
  });

  describe('PP_UPDATE_ORG_GROUP', () => {
    it('updates fields and bumps updatetime', async () => {
      const group = await createGroup({ group_desc: 'old' });
      const [before] = await server.dataSource.query('SELECT updatetime FROM org_groups WHERE uuid = $1', [group.uuid]);
      const answer = await server.api('PP_UPDATE_ORG_GROUP', {
        app_uuid: appUuid,
        group_uuid: group.uuid,
        group_name: 'Renamed',
        group_icon: 'https://example.test/g.png',
        group_work_time_str: '09:00-17:00',
        group_visible_for_ppcom: false,
        group_visible_order_for_ppcom: -1,
      }, consoleToken);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_UPDATE_ORG_GROUP');
      expect(answer.body.uuid).toBe(group.uuid);
      expect(answer.body.group_name).toBe('Renamed');
      expect(answer.body.group_desc).toBe('old');
      expect(answer.body.group_icon).toBe('https://example.test/g.png');
      expect(answer.body.group_work_time_str).toBe('09:00-17:00');
      expect(answer.body.group_visible_for_ppcom).toBe(false);
      expect(answer.body.group_visible_order_for_ppcom).toBe(-1);
      const [after] = await server.dataSource.query('SELECT * FROM org_groups WHERE uuid = $1', [group.uuid]);
      expect(after.group_name).toBe('Renamed');
      expect(after.updatetime.getTime()).toBeGreaterThan(before.updatetime.getTime());
    });

    it('null fields keep their values', async () => {
      const group = await createGroup({ group_desc: 'kept' });
      const answer = await server.api('PP_UPDATE_ORG_GROUP', { app_uuid: appUuid, group_uuid: group.uuid, group_name: null, group_desc: null }, consoleToken);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.group_name).toBe(group.group_name);
      expect(answer.body.group_desc).toBe('kept');
    });

    it('second distributor by update is 44', async () => {
      const other = await createOtherApp(server);
      const token = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
      await createGroup({ is_distributor: true }, token, other.appUuid);
      const plain = await createGroup({}, token, other.appUuid);
      const answer = await server.api('PP_UPDATE_ORG_GROUP', { app_uuid: other.appUuid, group_uuid: plain.uuid, is_distributor: true }, token);
      expect(answer.body.error_code).toBe(44);
      const [row] = await server.dataSource.query('SELECT is_distributor FROM org_groups WHERE uuid = $1', [plain.uuid]);
      expect(row.is_distributor).toBe(false);
    });

    it('unknown group is 30', async () => {
      const answer = await server.api('PP_UPDATE_ORG_GROUP', { app_uuid: appUuid, group_uuid: randomUUID(), group_name: 'x' }, consoleToken);
      expect(answer.body).toEqual({ error_code: 30, error_string: 'no such org group.', uri: '/PP_UPDATE_ORG_GROUP' });
    });

    it('another app group is 30 and unchanged', async () => {
      const { groupUuid } = await otherAppGroup();
      const answer = await server.api('PP_UPDATE_ORG_GROUP', { app_uuid: appUuid, group_uuid: groupUuid, group_name: 'Hijacked' }, consoleToken);
      expect(answer.body.error_code).toBe(30);
      const [row] = await server.dataSource.query('SELECT group_name FROM org_groups WHERE uuid = $1', [groupUuid]);
      expect(row.group_name).not.toBe('Hijacked');
    });

    it('missing group_uuid is 6', async () => {
      const answer = await server.api('PP_UPDATE_ORG_GROUP', { app_uuid: appUuid, group_name: 'x' }, consoleToken);
      expect(answer.body.error_code).toBe(6);
    });

    it('wrong type is 28', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_UPDATE_ORG_GROUP', { app_uuid: appUuid, group_uuid: group.uuid, is_distributor: 'no' }, consoleToken);
      expect(answer.body.error_code).toBe(28);
    });

    it('blank group_name is 44', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_UPDATE_ORG_GROUP', { app_uuid: appUuid, group_uuid: group.uuid, group_name: '' }, consoleToken);
      expect(answer.body.error_code).toBe(44);
    });

    it('PPCOM token is 4', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_UPDATE_ORG_GROUP', { app_uuid: appUuid, group_uuid: group.uuid, group_name: 'x' }, await server.clientToken('PPCOM'));
      expect(answer.body.error_code).toBe(4);
    });
  });

  describe('PP_REMOVE_ORG_GROUP', () => {
    it('deletes the group and its memberships', async () => {
      const group = await createGroup();
      const agent = await createAgent();
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [agent] }, consoleToken);
      const answer = await server.api('PP_REMOVE_ORG_GROUP', { app_uuid: appUuid, group_uuid: group.uuid }, consoleToken);
      expect(answer.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PP_REMOVE_ORG_GROUP' });
      expect(await stored(group.uuid)).toBeUndefined();
      const members = await server.dataSource.query('SELECT * FROM org_group_users WHERE group_uuid = $1', [group.uuid]);
      expect(members).toEqual([]);
    });

    it('removed group can be removed no more', async () => {
      const group = await createGroup();
      await server.api('PP_REMOVE_ORG_GROUP', { app_uuid: appUuid, group_uuid: group.uuid }, consoleToken);
      const again = await server.api('PP_REMOVE_ORG_GROUP', { app_uuid: appUuid, group_uuid: group.uuid }, consoleToken);
      expect(again.body.error_code).toBe(30);
    });

    it('another app group is 30 and kept', async () => {
      const { groupUuid } = await otherAppGroup();
      const answer = await server.api('PP_REMOVE_ORG_GROUP', { app_uuid: appUuid, group_uuid: groupUuid }, consoleToken);
      expect(answer.body.error_code).toBe(30);
      expect(await stored(groupUuid)).toBeDefined();
    });

    it('malformed group_uuid is 44', async () => {
      const answer = await server.api('PP_REMOVE_ORG_GROUP', { app_uuid: appUuid, group_uuid: 'g1' }, consoleToken);
      expect(answer.body.error_code).toBe(44);
    });

    it('missing group_uuid is 6', async () => {
      const answer = await server.api('PP_REMOVE_ORG_GROUP', { app_uuid: appUuid }, consoleToken);
      expect(answer.body.error_code).toBe(6);
    });

    it('THIRD_PARTY_KEFU token is 4', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_REMOVE_ORG_GROUP', { app_uuid: appUuid, group_uuid: group.uuid }, await server.clientToken('THIRD_PARTY_KEFU'));
      expect(answer.body.error_code).toBe(4);
    });
  });

  describe('PP_ADD_ORG_GROUP_USER', () => {
    it('adds agents and counts them', async () => {
      const group = await createGroup();
      const agents = [await createAgent(), await createAgent()];
      const answer = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: agents }, consoleToken);
      expect(answer.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PP_ADD_ORG_GROUP_USER' });
      expect(await stored(group.uuid)).toEqual({ user_count: 2, members: 2 });
    });

    it('adding a member again changes nothing', async () => {
      const group = await createGroup();
      const agent = await createAgent();
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [agent] }, consoleToken);
      const again = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [agent, agent.toUpperCase()] }, consoleToken);
      expect(again.body.error_code).toBe(0);
      expect(await stored(group.uuid)).toEqual({ user_count: 1, members: 1 });
    });

    it('moves a member out of the old group', async () => {
      const from = await createGroup();
      const to = await createGroup();
      const agent = await createAgent();
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: from.uuid, user_list: [agent] }, consoleToken);
      const answer = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: to.uuid, user_list: [agent] }, consoleToken);
      expect(answer.body.error_code).toBe(0);
      expect(await stored(from.uuid)).toEqual({ user_count: 0, members: 0 });
      expect(await stored(to.uuid)).toEqual({ user_count: 1, members: 1 });
    });

    it.each([
      ['a string', 'not-a-list'],
      ['an object', { uuid: 'x' }],
      ['a number', 5],
    ])('user_list as %s is 31', async (_case, value) => {
      const group = await createGroup();
      const answer = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: value }, consoleToken);
      expect(answer.body).toEqual({ error_code: 31, error_string: 'parameter is not a list, but list is required.', uri: '/PP_ADD_ORG_GROUP_USER' });
    });

    it('missing user_list is 6', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid }, consoleToken);
      expect(answer.body.error_code).toBe(6);
    });

    it('malformed uuid in user_list is 44', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: ['u1'] }, consoleToken);
      expect(answer.body.error_code).toBe(44);
    });

    it.each([
      ['a visitor', () => createVisitor()],
      ['an unknown uuid', async () => randomUUID()],
      ['a removed agent', () => createAgent(undefined, { removed: true })],
      ['a member who is no service user', () => createAgent(undefined, { service: false })],
      ['another app agent', async () => (await otherAppGroup()).agentUuid],
    ])('%s is 7 and nothing is added', async (_case, makeUser) => {
      const group = await createGroup();
      const good = await createAgent();
      const answer = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [good, await makeUser()] }, consoleToken);
      expect(answer.body.error_code).toBe(7);
      expect(await stored(group.uuid)).toEqual({ user_count: 0, members: 0 });
    });

    it('unknown group is 30', async () => {
      const answer = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: randomUUID(), user_list: [await createAgent()] }, consoleToken);
      expect(answer.body.error_code).toBe(30);
    });

    it('another app group is 30 and unchanged', async () => {
      const { groupUuid, agentUuid } = await otherAppGroup();
      const answer = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: groupUuid, user_list: [agentUuid] }, consoleToken);
      expect(answer.body.error_code).toBe(30);
      expect(await stored(groupUuid)).toEqual({ user_count: 0, members: 0 });
    });

    it('another app_uuid is 20', async () => {
      const { groupUuid, agentUuid, otherAppUuid } = await otherAppGroup();
      const answer = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: otherAppUuid, group_uuid: groupUuid, user_list: [agentUuid] }, consoleToken);
      expect(answer.body.error_code).toBe(20);
    });

    it('PPKEFU token is 4', async () => {
      const group = await createGroup();
      const { token } = await server.passwordToken('PPKEFU');
      const answer = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [] }, token);
      expect(answer.body.error_code).toBe(4);
    });

    it('concurrent adds of the same users count once', async () => {
      const group = await createGroup();
      const agents = await Promise.all(Array.from({ length: 5 }, () => createAgent()));
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: agents }, consoleToken)),
      );
      expect(answers.map((answer) => answer.body.error_code)).toEqual(Array(10).fill(0));
      expect(await stored(group.uuid)).toEqual({ user_count: 5, members: 5 });
    });

    it('concurrent moves and removes keep counts exact', async () => {
      const groups = [await createGroup(), await createGroup(), await createGroup()];
      const agents = await Promise.all(Array.from({ length: 12 }, () => createAgent()));
      const requests = agents.flatMap((agent, index) => [
        server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: groups[index % 3].uuid, user_list: [agent] }, consoleToken),
        server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: groups[(index + 1) % 3].uuid, user_list: [agent, agents[(index + 1) % 12]] }, consoleToken),
        server.api('PP_REMOVE_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: groups[index % 3].uuid, user_list: [agent] }, consoleToken),
      ]);
      const answers = await Promise.all(requests);
      for (const answer of answers) {
        expect([0, 32]).toContain(answer.body.error_code);
      }
      for (const group of groups) {
        const counts = await stored(group.uuid);
        expect(counts?.user_count).toBe(counts?.members);
      }
      const [row] = await server.dataSource.query('SELECT count(*)::int AS n FROM org_group_users WHERE user_uuid = ANY($1::uuid[])', [agents]);
      expect(row.n).toBeLessThanOrEqual(12);
    });
  });

  describe('PP_REMOVE_ORG_GROUP_USER', () => {
    it('removes members and counts down', async () => {
      const group = await createGroup();
      const agents = [await createAgent(), await createAgent(), await createAgent()];
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: agents }, consoleToken);
      const answer = await server.api('PP_REMOVE_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: agents.slice(0, 2) }, consoleToken);
      expect(answer.body).toEqual({ error_code: 0, error_string: 'success.', uri: '/PP_REMOVE_ORG_GROUP_USER' });
      expect(await stored(group.uuid)).toEqual({ user_count: 1, members: 1 });
    });

    it('a user not in the group is 32 and nothing is removed', async () => {
      const group = await createGroup();
      const member = await createAgent();
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [member] }, consoleToken);
      const answer = await server.api('PP_REMOVE_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [member, await createAgent()] }, consoleToken);
      expect(answer.body).toEqual({ error_code: 32, error_string: 'user not in this group', uri: '/PP_REMOVE_ORG_GROUP_USER' });
      expect(await stored(group.uuid)).toEqual({ user_count: 1, members: 1 });
    });

    it('a member of another group is 32', async () => {
      const group = await createGroup();
      const elsewhere = await createGroup();
      const agent = await createAgent();
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: elsewhere.uuid, user_list: [agent] }, consoleToken);
      const answer = await server.api('PP_REMOVE_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [agent] }, consoleToken);
      expect(answer.body.error_code).toBe(32);
      expect(await stored(elsewhere.uuid)).toEqual({ user_count: 1, members: 1 });
    });

    it('a visitor is 7', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_REMOVE_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [await createVisitor()] }, consoleToken);
      expect(answer.body.error_code).toBe(7);
    });

    it('user_list not a list is 31', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_REMOVE_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: 'x' }, consoleToken);
      expect(answer.body.error_code).toBe(31);
    });

    it('another app group is 30', async () => {
      const { groupUuid } = await otherAppGroup();
      const answer = await server.api('PP_REMOVE_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: groupUuid, user_list: [await createAgent()] }, consoleToken);
      expect(answer.body.error_code).toBe(30);
    });

    it('PPCOM token is 4', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_REMOVE_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [] }, await server.clientToken('PPCOM'));
      expect(answer.body.error_code).toBe(4);
    });
  });

  describe('PP_GET_ORG_GROUP_DETAIL', () => {
    it('returns the group with user_count', async () => {
      const group = await createGroup({ group_desc: 'Detail' });
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [await createAgent(), await createAgent()] }, consoleToken);
      const answer = await server.api('PP_GET_ORG_GROUP_DETAIL', { app_uuid: appUuid, group_uuid: group.uuid }, await server.clientToken('PPCOM'));
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_GET_ORG_GROUP_DETAIL');
      expect(answer.body.uuid).toBe(group.uuid);
      expect(answer.body.group_name).toBe(group.group_name);
      expect(answer.body.group_desc).toBe('Detail');
      expect(answer.body.user_count).toBe(2);
      expect(answer.body.conversation_uuid).toBeNull();
      expect(answer.body.createtime).toBe(group.createtime);
    });

    it.each(['THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'] as const)('%s token reads it', async (level) => {
      const group = await createGroup();
      const answer = await server.api('PP_GET_ORG_GROUP_DETAIL', { app_uuid: appUuid, group_uuid: group.uuid }, await server.clientToken(level));
      expect(answer.body.error_code).toBe(0);
    });

    it('unknown group is 30', async () => {
      const answer = await server.api('PP_GET_ORG_GROUP_DETAIL', { app_uuid: appUuid, group_uuid: randomUUID() }, consoleToken);
      expect(answer.body.error_code).toBe(30);
    });

    it('another app group is 30', async () => {
      const { groupUuid } = await otherAppGroup();
      const answer = await server.api('PP_GET_ORG_GROUP_DETAIL', { app_uuid: appUuid, group_uuid: groupUuid }, consoleToken);
      expect(answer.body.error_code).toBe(30);
      expect(answer.body).not.toHaveProperty('group_name');
    });

    it('missing group_uuid is 6', async () => {
      const answer = await server.api('PP_GET_ORG_GROUP_DETAIL', { app_uuid: appUuid }, consoleToken);
      expect(answer.body.error_code).toBe(6);
    });

    it('group_uuid number is 28', async () => {
      const answer = await server.api('PP_GET_ORG_GROUP_DETAIL', { app_uuid: appUuid, group_uuid: 9 }, consoleToken);
      expect(answer.body.error_code).toBe(28);
    });

    it('console token before login is 4', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_GET_ORG_GROUP_DETAIL', { app_uuid: appUuid, group_uuid: group.uuid }, await server.clientToken('PPCONSOLE'));
      expect(answer.body.error_code).toBe(4);
    });
  });

  describe('PP_GET_ORG_GROUP_USER_LIST', () => {
    async function addDevice(userUuid: string, ostype: string, online: boolean): Promise<void> {
      await server.dataSource.query(
        'INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype, device_is_online) VALUES ($1, $2, $3, $4, $5, $6)',
        [randomUUID(), appUuid, userUuid, randomUUID(), ostype, online],
      );
    }

    it('returns service-user cards with presence', async () => {
      const group = await createGroup();
      const mobile = await createAgent();
      const browser = await createAgent();
      await addDevice(mobile, 'IOS', true);
      await addDevice(mobile, 'MAC', false);
      await addDevice(browser, 'WIN', true);
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [mobile] }, consoleToken);
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: [browser, server.bootstrap.admin.user_uuid] }, consoleToken);

      const { token } = await server.passwordToken('PPKEFU');
      const answer = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: appUuid, group_uuid: group.uuid }, token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_GET_ORG_GROUP_USER_LIST');
      expect(answer.body.next_cursor).toBeNull();
      expect(answer.body.list).toHaveLength(3);
      const [first, ...rest] = answer.body.list;
      expect(first.uuid).toBe(mobile);
      expect(first.is_mobile_online).toBe(true);
      expect(first.is_browser_online).toBe(false);
      expect(first.user_fullname).toBe('Agent');
      expect(first.user_email).toMatch(/@example\.test$/);
      expect(first.user_icon).toBeNull();
      expect(first.user_signature).toBeNull();
      expect(first.updatetime).toMatch(DATETIME);
      expect(first.group).toEqual({ uuid: group.uuid, group_name: group.group_name });
      expect(first.is_owner_user).toBe(false);
      expect(first.is_service_user).toBe(true);
      expect(first.is_distributor_user).toBe(false);
      expect(first.service_user_status).toBe('READY');
      expect(first).not.toHaveProperty('password_hash');
      const byUuid = Object.fromEntries(rest.map((card: { uuid: string }) => [card.uuid, card]));
      expect(byUuid[browser].is_browser_online).toBe(true);
      expect(byUuid[browser].is_mobile_online).toBe(false);
      expect(byUuid[server.bootstrap.admin.user_uuid].is_owner_user).toBe(true);
      expect(byUuid[server.bootstrap.admin.user_uuid].is_distributor_user).toBe(true);
    });

    it('pages through every member with a cursor', async () => {
      const group = await createGroup();
      const agents = await Promise.all(Array.from({ length: 5 }, () => createAgent()));
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: agents }, consoleToken);
      const seen: string[] = [];
      const pageLengths: number[] = [];
      let cursor: string | null = null;
      do {
        const answer: { body: Record<string, any> } = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: appUuid, group_uuid: group.uuid, page_size: 2, cursor }, consoleToken);
        expect(answer.body.error_code).toBe(0);
        pageLengths.push(answer.body.list.length);
        seen.push(...answer.body.list.map((card: { uuid: string }) => card.uuid));
        cursor = answer.body.next_cursor;
      } while (cursor !== null && pageLengths.length < 10);
      expect(pageLengths).toEqual([2, 2, 1]);
      expect([...seen].sort()).toEqual([...agents].sort());
      expect(new Set(seen).size).toBe(5);
    });

    it('clamps page_size to 200', async () => {
      const group = await createGroup();
      const agents = await Promise.all(Array.from({ length: 201 }, () => createAgent()));
      const added = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: agents }, consoleToken);
      expect(added.body.error_code).toBe(0);
      const answer = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: appUuid, group_uuid: group.uuid, page_size: 1000 }, consoleToken);
      expect(answer.body.list).toHaveLength(200);
      expect(typeof answer.body.next_cursor).toBe('string');
      const rest = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: appUuid, group_uuid: group.uuid, cursor: answer.body.next_cursor }, consoleToken);
      expect(rest.body.list).toHaveLength(1);
      expect(rest.body.next_cursor).toBeNull();
    });

    it('default page is 50', async () => {
      const group = await createGroup();
      const agents = await Promise.all(Array.from({ length: 51 }, () => createAgent()));
      await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: appUuid, group_uuid: group.uuid, user_list: agents }, consoleToken);
      const answer = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: appUuid, group_uuid: group.uuid }, consoleToken);
      expect(answer.body.list).toHaveLength(50);
      expect(answer.body.next_cursor).not.toBeNull();
    });

    it.each([
      ['garbage', 'not-a-cursor'],
      ['impossible date', Buffer.from(`2024-13-01 00:00:00.000000|${randomUUID()}`).toString('base64url')],
      ['bad uuid', Buffer.from('2024-01-01 00:00:00.000000|x').toString('base64url')],
    ])('malformed cursor (%s) is 44', async (_case, cursor) => {
      const group = await createGroup();
      const answer = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: appUuid, group_uuid: group.uuid, cursor }, consoleToken);
      expect(answer.body.error_code).toBe(44);
    });

    it.each([
      ['page_size', '5'],
      ['cursor', 12],
    ])('wrong type of %s is 28', async (field, value) => {
      const group = await createGroup();
      const answer = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: appUuid, group_uuid: group.uuid, [field]: value }, consoleToken);
      expect(answer.body.error_code).toBe(28);
    });

    it('page_size 0 is 44', async () => {
      const group = await createGroup();
      const answer = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: appUuid, group_uuid: group.uuid, page_size: 0 }, consoleToken);
      expect(answer.body.error_code).toBe(44);
    });

    it('another app group is 30', async () => {
      const { groupUuid } = await otherAppGroup();
      const answer = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: appUuid, group_uuid: groupUuid }, consoleToken);
      expect(answer.body.error_code).toBe(30);
    });

    it('another app_uuid is 20', async () => {
      const { groupUuid, otherAppUuid } = await otherAppGroup();
      const answer = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: otherAppUuid, group_uuid: groupUuid }, consoleToken);
      expect(answer.body.error_code).toBe(20);
    });

    it('missing group_uuid is 6', async () => {
      const answer = await server.api('PP_GET_ORG_GROUP_USER_LIST', { app_uuid: appUuid }, consoleToken);
      expect(answer.body.error_code).toBe(6);
    });
  });
});
