import { randomUUID } from 'node:crypto';
import { UserAccountService } from '../src/modules/user/user-account.service';
import { Agent, createAgent, createVisitor, Visitor } from './support/fixtures';
import { createOtherApp, KeyLevelName, TestServer } from './support/test-server';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{6}$/;
const USER_CARD_FIELDS = ['uuid', 'user_name', 'user_email', 'user_fullname', 'user_icon', 'user_signature', 'user_status', 'updatetime', 'createtime'];
const ENVELOPE_FIELDS = ['error_code', 'error_string', 'uri'];

/** Endpoints of the stock clients beyond the API list: user cards, agent lists, agent status, agent devices. */
describe('stock endpoints: users, agents and devices', () => {
  let server: TestServer;
  let app: string;
  let consoleToken: string;
  let other: Awaited<ReturnType<typeof createOtherApp>>;
  let otherConsoleToken: string;
  let agent: Agent;
  let visitor: Visitor;

  beforeAll(async () => {
    server = await TestServer.start();
    app = server.appUuid;
    consoleToken = (await server.passwordToken('PPCONSOLE')).token;
    other = await createOtherApp(server);
    otherConsoleToken = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
    agent = await createAgent(server, { fullname: 'Dora Desk' });
    visitor = await createVisitor(server, { fullname: 'Vera Visitor' });
  });

  afterAll(async () => {
    await server.close();
  });

  /** Creates an agent without a password, for tests that never log in as it. */
  async function plainAgent(appUuid = app, fullname = 'Plain Agent'): Promise<string> {
    const users = server.app.get(UserAccountService);
    return server.dataSource.transaction(async (manager) => {
      const user = await users.createServiceUser(manager, { appUuid, email: `plain-${randomUUID()}@example.test`, fullname, passwordSha1: null, userStatus: 'SERVICE' });
      await users.addMembership(manager, appUuid, user.uuid, { isOwner: false, isService: true, isDistributor: false, isPortal: false });
      // No status yet, so a test can tell whether a request changed it.
      await manager.query(`UPDATE users SET service_user_status = NULL WHERE uuid = $1`, [user.uuid]);
      return user.uuid;
    });
  }

  async function createGroup(appUuid = app, token = consoleToken): Promise<string> {
    const answer = await server.api('PP_CREATE_ORG_GROUP', { app_uuid: appUuid, group_name: `Group ${randomUUID().slice(0, 8)}` }, token);
    expect(answer.body.error_code).toBe(0);
    return answer.body.uuid as string;
  }

  async function tokenFor(level: KeyLevelName): Promise<string> {
    if (level === 'PPCOM') {
      return visitor.token;
    }
    if (level === 'PPKEFU') {
      return agent.token;
    }
    if (level === 'PPCONSOLE') {
      return consoleToken;
    }
    return server.clientToken(level);
  }

  describe('GET_YVOBJECT_DETAIL', () => {
    it('returns a user card without secrets', async () => {
      const answer = await server.api('GET_YVOBJECT_DETAIL', { uuid: agent.userUuid, type: 'DU' }, visitor.token);
      expect(answer.status).toBe(200);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/GET_YVOBJECT_DETAIL');
      expect(Object.keys(answer.body).sort()).toEqual([...USER_CARD_FIELDS, ...ENVELOPE_FIELDS].sort());
      expect(answer.body.uuid).toBe(agent.userUuid);
      expect(answer.body.user_email).toBe(agent.email);
      expect(answer.body.user_fullname).toBe('Dora Desk');
      expect(answer.body.user_status).toBe('SERVICE');
      expect(answer.body.updatetime).toMatch(DATETIME);
      expect(answer.body.createtime).toMatch(DATETIME);
      expect(JSON.stringify(answer.body)).not.toContain('password');
    });

    it('returns a visitor card to an agent', async () => {
      const answer = await server.api('GET_YVOBJECT_DETAIL', { uuid: visitor.userUuid, type: 'DU' }, agent.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.user_fullname).toBe('Vera Visitor');
      expect(answer.body.user_status).toBe('ANONYMOUS');
    });

    it('returns an org group', async () => {
      const groupUuid = await createGroup();
      const answer = await server.api('GET_YVOBJECT_DETAIL', { uuid: groupUuid, type: 'OG' }, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uuid).toBe(groupUuid);
      expect(answer.body.app_uuid).toBe(app);
      expect(answer.body.user_count).toBe(0);
      expect(answer.body.group_name).toMatch(/^Group /);
    });

    it.each(['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'] as KeyLevelName[])('serves level %s', async (level) => {
      const answer = await server.api('GET_YVOBJECT_DETAIL', { uuid: agent.userUuid, type: 'DU' }, await tokenFor(level));
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uuid).toBe(agent.userUuid);
    });

    it.each([
      ['uuid missing', { type: 'DU' }, 6],
      ['type missing', { uuid: randomUUID() }, 6],
      ['uuid not a string', { uuid: 5, type: 'DU' }, 28],
      ['type not a string', { uuid: randomUUID(), type: 1 }, 28],
      ['uuid malformed', { uuid: 'not-a-uuid', type: 'DU' }, 44],
      ['unknown type', { uuid: randomUUID(), type: 'XX' }, 44],
    ])('rejects %s', async (_case, body, code) => {
      const answer = await server.api('GET_YVOBJECT_DETAIL', body, visitor.token);
      expect(answer.body.error_code).toBe(code);
    });

    it('unknown user is 7 and unknown group is 30', async () => {
      expect((await server.api('GET_YVOBJECT_DETAIL', { uuid: randomUUID(), type: 'DU' }, visitor.token)).body.error_code).toBe(7);
      expect((await server.api('GET_YVOBJECT_DETAIL', { uuid: randomUUID(), type: 'OG' }, visitor.token)).body.error_code).toBe(30);
    });

    it('hides users and groups of another app', async () => {
      const foreignAgent = await plainAgent(other.appUuid);
      const foreignGroup = await createGroup(other.appUuid, otherConsoleToken);
      const user = await server.api('GET_YVOBJECT_DETAIL', { uuid: foreignAgent, type: 'DU' }, consoleToken);
      expect(user.body.error_code).toBe(7);
      expect(user.body.uuid).toBeUndefined();
      const group = await server.api('GET_YVOBJECT_DETAIL', { uuid: foreignGroup, type: 'OG' }, consoleToken);
      expect(group.body.error_code).toBe(30);
      expect(group.body.group_name).toBeUndefined();
    });

    it('hides a removed user', async () => {
      const removed = await plainAgent();
      await server.dataSource.query(`UPDATE users SET removed_at = now() WHERE uuid = $1`, [removed]);
      const answer = await server.api('GET_YVOBJECT_DETAIL', { uuid: removed, type: 'DU' }, consoleToken);
      expect(answer.body.error_code).toBe(7);
    });

    it('rejects a token before login with 4', async () => {
      const answer = await server.api('GET_YVOBJECT_DETAIL', { uuid: agent.userUuid, type: 'DU' }, await server.clientToken('PPCONSOLE'));
      expect(answer.body.error_code).toBe(4);
    });

    it("rejects another app's app_uuid with 20", async () => {
      const answer = await server.api('GET_YVOBJECT_DETAIL', { app_uuid: other.appUuid, uuid: agent.userUuid, type: 'DU' }, visitor.token);
      expect(answer.body.error_code).toBe(20);
    });
  });

  describe('PP_GET_NO_GROUP_USER_LIST', () => {
    it('lists the agents in no group', async () => {
      const grouped = await plainAgent(app, 'Grouped Agent');
      const loose = await plainAgent(app, 'Loose Agent');
      const groupUuid = await createGroup();
      const added = await server.api('PP_ADD_ORG_GROUP_USER', { app_uuid: app, group_uuid: groupUuid, user_list: [grouped] }, consoleToken);
      expect(added.body.error_code).toBe(0);

      const answer = await server.api('PP_GET_NO_GROUP_USER_LIST', { app_uuid: app }, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_GET_NO_GROUP_USER_LIST');
      const uuids = answer.body.list.map((card: { uuid: string }) => card.uuid);
      expect(uuids).toContain(loose);
      expect(uuids).not.toContain(grouped);
      expect(uuids).not.toContain(visitor.userUuid);
      const card = answer.body.list.find((entry: { uuid: string }) => entry.uuid === loose);
      expect(card.user_fullname).toBe('Loose Agent');
      expect(card.group).toBeNull();
      expect(card.is_service_user).toBe(true);
      expect(card.is_owner_user).toBe(false);
      expect(card.is_browser_online).toBe(false);
      expect(card.is_mobile_online).toBe(false);
      expect(card.updatetime).toMatch(DATETIME);
      expect(card).not.toHaveProperty('password_hash');
    });

    it('leaves out removed agents and other apps', async () => {
      const removed = await plainAgent();
      await server.dataSource.query(`UPDATE users SET removed_at = now() WHERE uuid = $1`, [removed]);
      const foreign = await plainAgent(other.appUuid);
      const answer = await server.api('PP_GET_NO_GROUP_USER_LIST', { app_uuid: app }, consoleToken);
      const uuids = answer.body.list.map((card: { uuid: string }) => card.uuid);
      expect(uuids).not.toContain(removed);
      expect(uuids).not.toContain(foreign);
    });

    it.each(['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'] as KeyLevelName[])('serves level %s', async (level) => {
      const answer = await server.api('PP_GET_NO_GROUP_USER_LIST', { app_uuid: app }, await tokenFor(level));
      expect(answer.body.error_code).toBe(0);
      expect(Array.isArray(answer.body.list)).toBe(true);
    });

    it.each([
      ['app_uuid missing', {}, 6],
      ['app_uuid not a string', { app_uuid: 5 }, 28],
      ['app_uuid malformed', { app_uuid: 'bad' }, 44],
    ])('rejects %s', async (_case, body, code) => {
      const answer = await server.api('PP_GET_NO_GROUP_USER_LIST', body, visitor.token);
      expect(answer.body.error_code).toBe(code);
    });

    it('rejects a token before login with 4', async () => {
      const answer = await server.api('PP_GET_NO_GROUP_USER_LIST', { app_uuid: app }, await server.clientToken('PPCONSOLE'));
      expect(answer.body.error_code).toBe(4);
    });

    it("rejects another app's app_uuid with 20", async () => {
      const answer = await server.api('PP_GET_NO_GROUP_USER_LIST', { app_uuid: other.appUuid }, consoleToken);
      expect(answer.body.error_code).toBe(20);
      expect(answer.body.list).toBeUndefined();
    });
  });

  describe.each([
    ['PPKEFU_SET_BUSY', 'BUSY'],
    ['PPKEFU_SET_READY', 'READY'],
    ['PPKEFU_SET_REST', 'REST'],
  ])('%s', (route, status) => {
    const storedStatus = async (userUuid: string) =>
      (await server.dataSource.query(`SELECT service_user_status FROM users WHERE uuid = $1`, [userUuid]))[0].service_user_status as string | null;

    it('sets the agent status', async () => {
      await server.dataSource.query(`UPDATE users SET service_user_status = NULL WHERE uuid = $1`, [agent.userUuid]);
      const answer = await server.api(route, { app_uuid: app, user_uuid: agent.userUuid }, agent.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe(`/${route}`);
      expect(await storedStatus(agent.userUuid)).toBe(status);
    });

    it('lets a third-party kefu token set any agent', async () => {
      const target = await plainAgent();
      const answer = await server.api(route, { app_uuid: app, user_uuid: target }, await server.clientToken('THIRD_PARTY_KEFU'));
      expect(answer.body.error_code).toBe(0);
      expect(await storedStatus(target)).toBe(status);
    });

    it.each([
      ['user_uuid missing', { user_uuid: undefined }, 6],
      ['app_uuid missing', { app_uuid: undefined }, 6],
      ['user_uuid not a string', { user_uuid: 5 }, 28],
      ['user_uuid malformed', { user_uuid: 'bad' }, 44],
    ])('rejects %s', async (_case, override, code) => {
      const body: Record<string, unknown> = { app_uuid: app, user_uuid: agent.userUuid, ...override };
      const answer = await server.api(route, JSON.parse(JSON.stringify(body)), agent.token);
      expect(answer.body.error_code).toBe(code);
    });

    it('unknown, visitor and foreign users are 7', async () => {
      const thirdParty = await server.clientToken('THIRD_PARTY_KEFU');
      const foreign = await plainAgent(other.appUuid);
      expect((await server.api(route, { app_uuid: app, user_uuid: randomUUID() }, thirdParty)).body.error_code).toBe(7);
      expect((await server.api(route, { app_uuid: app, user_uuid: visitor.userUuid }, thirdParty)).body.error_code).toBe(7);
      expect((await server.api(route, { app_uuid: app, user_uuid: foreign }, thirdParty)).body.error_code).toBe(7);
      expect(await storedStatus(foreign)).toBeNull();
    });

    it('rejects a visitor token with 4', async () => {
      const answer = await server.api(route, { app_uuid: app, user_uuid: agent.userUuid }, visitor.token);
      expect(answer.body.error_code).toBe(4);
    });

    it("rejects another app's app_uuid with 20", async () => {
      const answer = await server.api(route, { app_uuid: other.appUuid, user_uuid: agent.userUuid }, agent.token);
      expect(answer.body.error_code).toBe(20);
    });

    it('rejects acting as another agent with 20', async () => {
      const colleague = await plainAgent();
      const answer = await server.api(route, { app_uuid: app, user_uuid: colleague }, agent.token);
      expect(answer.body.error_code).toBe(20);
      expect(await storedStatus(colleague)).toBeNull();
    });
  });

  describe('SET_DEVICE_INFO', () => {
    async function agentDevice(userUuid: string, appUuid = app): Promise<string> {
      const deviceUuid = randomUUID();
      await server.dataSource.query(
        `INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype) VALUES ($1, $2, $3, $4, 'MAC')`,
        [deviceUuid, appUuid, userUuid, randomUUID()],
      );
      return deviceUuid;
    }

    const storedDevice = async (deviceUuid: string) =>
      (await server.dataSource.query(`SELECT device_fullname, device_osversion, device_ostype, device_ios_token FROM devices WHERE uuid = $1`, [deviceUuid]))[0];

    it('updates the agent device', async () => {
      const deviceUuid = await agentDevice(agent.userUuid);
      const answer = await server.api('SET_DEVICE_INFO', { device_uuid: deviceUuid, device_fullname: 'Desk Mac', device_osversion: '14.1', device_ostype: 'IOS', device_ios_token: 'apns-token' }, agent.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/SET_DEVICE_INFO');
      const device = await storedDevice(deviceUuid);
      expect(device.device_fullname).toBe('Desk Mac');
      expect(device.device_osversion).toBe('14.1');
      expect(device.device_ostype).toBe('IOS');
      expect(device.device_ios_token).toBe('apns-token');
    });

    it('lets a third-party kefu token update any device of the app', async () => {
      const deviceUuid = await agentDevice(await plainAgent());
      const answer = await server.api('SET_DEVICE_INFO', { device_uuid: deviceUuid, device_fullname: 'Bridge' }, await server.clientToken('THIRD_PARTY_KEFU'));
      expect(answer.body.error_code).toBe(0);
      expect((await storedDevice(deviceUuid)).device_fullname).toBe('Bridge');
    });

    it.each([
      ['device_uuid missing', { device_uuid: undefined, device_fullname: 'x' }, 6],
      ['device_uuid not a string', { device_uuid: 5, device_fullname: 'x' }, 28],
      ['device_is_online not a boolean', { device_is_online: 'yes' }, 28],
      ['device_uuid malformed', { device_uuid: 'bad', device_fullname: 'x' }, 44],
      ['unknown ostype', { device_ostype: 'PALM' }, 44],
    ])('rejects %s', async (_case, body, code) => {
      const deviceUuid = await agentDevice(agent.userUuid);
      const answer = await server.api('SET_DEVICE_INFO', JSON.parse(JSON.stringify({ device_uuid: deviceUuid, ...body })), agent.token);
      expect(answer.body.error_code).toBe(code);
    });

    it('rejects a request with nothing to update with 33', async () => {
      const deviceUuid = await agentDevice(agent.userUuid);
      const answer = await server.api('SET_DEVICE_INFO', { device_uuid: deviceUuid }, agent.token);
      expect(answer.body.error_code).toBe(33);
    });

    it('unknown and foreign devices are 8', async () => {
      const thirdParty = await server.clientToken('THIRD_PARTY_KEFU');
      const foreign = await agentDevice(await plainAgent(other.appUuid), other.appUuid);
      expect((await server.api('SET_DEVICE_INFO', { device_uuid: randomUUID(), device_fullname: 'x' }, thirdParty)).body.error_code).toBe(8);
      expect((await server.api('SET_DEVICE_INFO', { device_uuid: foreign, device_fullname: 'x' }, thirdParty)).body.error_code).toBe(8);
      expect((await storedDevice(foreign)).device_fullname).toBeNull();
    });

    it('rejects a visitor token with 4', async () => {
      const answer = await server.api('SET_DEVICE_INFO', { device_uuid: visitor.deviceUuid, device_fullname: 'x' }, visitor.token);
      expect(answer.body.error_code).toBe(4);
    });

    it("rejects another app's app_uuid with 20", async () => {
      const deviceUuid = await agentDevice(agent.userUuid);
      const answer = await server.api('SET_DEVICE_INFO', { app_uuid: other.appUuid, device_uuid: deviceUuid, device_fullname: 'x' }, agent.token);
      expect(answer.body.error_code).toBe(20);
    });

    it("rejects another user's device with 20", async () => {
      const deviceUuid = await agentDevice(await plainAgent());
      const answer = await server.api('SET_DEVICE_INFO', { device_uuid: deviceUuid, device_fullname: 'Not mine' }, agent.token);
      expect(answer.body.error_code).toBe(20);
      expect((await storedDevice(deviceUuid)).device_fullname).toBeNull();
    });
  });
});
