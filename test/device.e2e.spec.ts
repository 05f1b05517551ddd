import { randomUUID } from 'node:crypto';
import { createOtherApp, sha1, TestServer } from './support/test-server';

describe('device endpoints', () => {
  let server: TestServer;
  let consoleToken: string;
  let other: Awaited<ReturnType<typeof createOtherApp>>;

  beforeAll(async () => {
    server = await TestServer.start();
    consoleToken = await server.clientToken('THIRD_PARTY_CONSOLE');
    other = await createOtherApp(server);
  });

  afterAll(async () => {
    await server.close();
  });

  async function createVisitor(): Promise<{ uuid: string; token: string; trace: string }> {
    const token = await server.clientToken('PPCOM');
    const trace = randomUUID();
    const answer = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: trace }, token);
    expect(answer.body.error_code).toBe(0);
    return { uuid: answer.body.user_uuid, token, trace };
  }

  async function createAgent(): Promise<{ uuid: string; token: string }> {
    const email = `agent-${randomUUID().slice(0, 8)}@example.test`;
    const answer = await server.api('PP_CREATE_USER', { app_uuid: server.appUuid, user_email: email, user_fullname: 'Agent', user_password: sha1('agent-pw'), is_service_user: true }, consoleToken);
    expect(answer.body.error_code).toBe(0);
    const { token } = await server.passwordToken('PPKEFU', email, 'agent-pw');
    return { uuid: answer.body.uuid, token };
  }

  async function userRow(uuid: string): Promise<Record<string, any>> {
    const [row] = await server.dataSource.query('SELECT * FROM users WHERE uuid = $1', [uuid]);
    return row;
  }

  async function deviceRow(uuid: string): Promise<Record<string, any>> {
    const [row] = await server.dataSource.query('SELECT * FROM devices WHERE uuid = $1', [uuid]);
    return row;
  }

  describe('PP_CREATE_DEVICE', () => {
    it('creates a browser device', async () => {
      const visitor = await createVisitor();
      const answer = await server.api('PP_CREATE_DEVICE', { app_uuid: server.appUuid, user_uuid: visitor.uuid, device_ostype: 'WIB', ppcom_trace_uuid: visitor.trace, device_id: 'ignored' }, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_CREATE_DEVICE');
      const device = await deviceRow(answer.body.device_uuid);
      expect(device.terminal_uuid).toBe(visitor.trace);
      expect(device.is_ppcom_device).toBe(true);
      expect(device.user_uuid).toBe(visitor.uuid);
      expect(device.app_uuid).toBe(server.appUuid);
      const user = await userRow(visitor.uuid);
      expect(user.ppcom_browser_device_uuid).toBe(answer.body.device_uuid);
      expect(user.ppcom_mobile_device_uuid).toBeNull();
    });

    it('creates a mobile device from device_id', async () => {
      const visitor = await createVisitor();
      const answer = await server.api('PP_CREATE_DEVICE', { app_uuid: server.appUuid, user_uuid: visitor.uuid, device_ostype: 'IOS', device_id: randomUUID() }, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect((await userRow(visitor.uuid)).ppcom_mobile_device_uuid).toBe(answer.body.device_uuid);
    });

    it('existing terminal answers 25 with its uuid', async () => {
      const visitor = await createVisitor();
      const body = { app_uuid: server.appUuid, user_uuid: visitor.uuid, device_ostype: 'MAB', ppcom_trace_uuid: visitor.trace };
      const first = await server.api('PP_CREATE_DEVICE', body, visitor.token);
      const second = await server.api('PP_CREATE_DEVICE', body, visitor.token);
      expect(second.body.error_code).toBe(25);
      expect(second.body.device_uuid).toBe(first.body.device_uuid);
    });

    it('concurrent creates give one device', async () => {
      const visitor = await createVisitor();
      const body = { app_uuid: server.appUuid, user_uuid: visitor.uuid, device_ostype: 'LIB', ppcom_trace_uuid: visitor.trace };
      const answers = await Promise.all(Array.from({ length: 20 }, () => server.api('PP_CREATE_DEVICE', body, visitor.token)));
      expect(answers.filter((answer) => answer.body.error_code === 0)).toHaveLength(1);
      expect(answers.filter((answer) => answer.body.error_code === 25)).toHaveLength(19);
      expect(new Set(answers.map((answer) => answer.body.device_uuid)).size).toBe(1);
      const [count] = await server.dataSource.query('SELECT count(*)::int AS n FROM devices WHERE terminal_uuid = $1', [visitor.trace]);
      expect(count.n).toBe(1);
    });

    it('another visitor device is never re-pointed', async () => {
      const owner = await createVisitor();
      const created = await server.api('PP_CREATE_DEVICE', { app_uuid: server.appUuid, user_uuid: owner.uuid, device_ostype: 'WIB', ppcom_trace_uuid: owner.trace }, owner.token);
      const intruder = await createVisitor();
      const answer = await server.api('PP_CREATE_DEVICE', { app_uuid: server.appUuid, user_uuid: intruder.uuid, device_ostype: 'WIB', ppcom_trace_uuid: owner.trace }, intruder.token);
      expect(answer.body.error_code).toBe(25);
      expect(answer.body.device_uuid).toBe(created.body.device_uuid);
      expect((await deviceRow(created.body.device_uuid)).user_uuid).toBe(owner.uuid);
      expect((await userRow(intruder.uuid)).ppcom_browser_device_uuid).toBeNull();
    });

    it('same terminal in another app is another device', async () => {
      const visitor = await createVisitor();
      const mine = await server.api('PP_CREATE_DEVICE', { app_uuid: server.appUuid, user_uuid: visitor.uuid, device_ostype: 'WIB', ppcom_trace_uuid: visitor.trace }, visitor.token);
      const otherToken = await server.clientToken('PPCOM', other.keys);
      const otherVisitor = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: other.appUuid, ppcom_trace_uuid: visitor.trace }, otherToken);
      const theirs = await server.api('PP_CREATE_DEVICE', { app_uuid: other.appUuid, user_uuid: otherVisitor.body.user_uuid, device_ostype: 'WIB', ppcom_trace_uuid: visitor.trace }, otherToken);
      expect(theirs.body.error_code).toBe(0);
      expect(theirs.body.device_uuid).not.toBe(mine.body.device_uuid);
    });

    it('rejects bad requests', async () => {
      const visitor = await createVisitor();
      const base = { app_uuid: server.appUuid, user_uuid: visitor.uuid, device_ostype: 'WIB', ppcom_trace_uuid: randomUUID() };
      const code = async (body: unknown, token = visitor.token) => (await server.api('PP_CREATE_DEVICE', body, token)).body.error_code;
      expect(await code({ ...base, ppcom_trace_uuid: undefined })).toBe(6);
      expect(await code({ ...base, user_uuid: undefined })).toBe(6);
      expect(await code({ ...base, device_ostype: undefined })).toBe(6);
      expect(await code({ ...base, app_uuid: undefined })).toBe(6);
      expect(await code({ ...base, device_ostype: 3 })).toBe(28);
      expect(await code({ ...base, device_id: 3 })).toBe(28);
      expect(await code({ ...base, device_ostype: 'BEOS' })).toBe(44);
      expect(await code({ ...base, app_uuid: other.appUuid })).toBe(20);
      expect(await code({ ...base, user_uuid: randomUUID() })).toBe(7);
      expect(await code({ ...base, user_uuid: server.bootstrap.admin.user_uuid })).toBe(7);
      const someoneElse = await createVisitor();
      expect(await code({ ...base, user_uuid: someoneElse.uuid })).toBe(20);
      expect(await code(base, await server.clientToken('THIRD_PARTY_KEFU'))).toBe(4);
    });
  });

  describe('PP_UPDATE_DEVICE', () => {
    async function visitorDevice(): Promise<{ visitor: Awaited<ReturnType<typeof createVisitor>>; deviceUuid: string }> {
      const visitor = await createVisitor();
      const answer = await server.api('PP_CREATE_DEVICE', { app_uuid: server.appUuid, user_uuid: visitor.uuid, device_ostype: 'WIB', ppcom_trace_uuid: visitor.trace }, visitor.token);
      return { visitor, deviceUuid: answer.body.device_uuid };
    }

    it('updates fields of the own device', async () => {
      const { visitor, deviceUuid } = await visitorDevice();
      const answer = await server.api('PP_UPDATE_DEVICE', { device_uuid: deviceUuid, device_ostype: 'MAB', device_is_online: true, device_fullname: 'Firefox' }, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_UPDATE_DEVICE');
      const device = await deviceRow(deviceUuid);
      expect(device.device_ostype).toBe('MAB');
      expect(device.device_is_online).toBe(true);
      expect(device.device_fullname).toBe('Firefox');
    });

    it('nothing updatable is 33', async () => {
      const { visitor, deviceUuid } = await visitorDevice();
      expect((await server.api('PP_UPDATE_DEVICE', { device_uuid: deviceUuid }, visitor.token)).body.error_code).toBe(33);
    });

    it('other users and other apps are rejected', async () => {
      const { deviceUuid } = await visitorDevice();
      const stranger = await createVisitor();
      expect((await server.api('PP_UPDATE_DEVICE', { device_uuid: deviceUuid, device_is_online: true }, stranger.token)).body.error_code).toBe(20);
      const kefu = await server.passwordToken('PPKEFU');
      expect((await server.api('PP_UPDATE_DEVICE', { device_uuid: deviceUuid, device_is_online: true }, kefu.token)).body.error_code).toBe(20);
      expect((await server.api('PP_UPDATE_DEVICE', { device_uuid: deviceUuid, device_is_online: true }, await server.clientToken('THIRD_PARTY_KEFU'))).body.error_code).toBe(0);
      const otherToken = await server.clientToken('THIRD_PARTY_KEFU', other.keys);
      expect((await server.api('PP_UPDATE_DEVICE', { device_uuid: deviceUuid, device_is_online: true }, otherToken)).body.error_code).toBe(8);
      expect((await server.api('PP_UPDATE_DEVICE', { device_uuid: randomUUID(), device_is_online: true }, otherToken)).body.error_code).toBe(8);
    });

    it('validates parameters and level', async () => {
      const { visitor, deviceUuid } = await visitorDevice();
      expect((await server.api('PP_UPDATE_DEVICE', { device_is_online: true }, visitor.token)).body.error_code).toBe(6);
      expect((await server.api('PP_UPDATE_DEVICE', { device_uuid: deviceUuid, device_is_online: 'yes' }, visitor.token)).body.error_code).toBe(28);
      expect((await server.api('PP_UPDATE_DEVICE', { device_uuid: deviceUuid, device_ostype: 'BEOS' }, visitor.token)).body.error_code).toBe(44);
      expect((await server.api('PP_UPDATE_DEVICE', { device_uuid: 'x' }, visitor.token)).body.error_code).toBe(44);
      expect((await server.api('PP_UPDATE_DEVICE', { device_uuid: deviceUuid, device_is_online: true }, consoleToken)).body.error_code).toBe(4);
    });
  });

  describe('PPKEFU_LOGIN and PPKEFU_LOGOUT', () => {
    it('login registers an online device and answers user info', async () => {
      const agent = await createAgent();
      const answer = await server.api('PPKEFU_LOGIN', { app_uuid: server.appUuid, user_uuid: agent.uuid, device_id: randomUUID(), device_ostype: 'MAC', device_fullname: 'Laptop', service_user_status: 'BUSY' }, agent.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PPKEFU_LOGIN');
      expect(answer.body.uuid).toBe(agent.uuid);
      expect(answer.body.is_service_user).toBe(true);
      expect(answer.body.browser_device_uuid).toBe(answer.body.device_uuid);
      expect(answer.body.service_user_status).toBe('BUSY');
      expect(answer.body).not.toHaveProperty('password_hash');
      const device = await deviceRow(answer.body.device_uuid);
      expect(device.device_is_online).toBe(true);
      expect(device.is_ppcom_device).toBe(false);
      expect(device.device_fullname).toBe('Laptop');
    });

    it('login again on the same terminal reuses the device', async () => {
      const agent = await createAgent();
      const body = { app_uuid: server.appUuid, user_uuid: agent.uuid, device_id: randomUUID(), device_ostype: 'AND' };
      const first = await server.api('PPKEFU_LOGIN', body, agent.token);
      await server.api('PPKEFU_LOGOUT', { app_uuid: server.appUuid, user_uuid: agent.uuid, device_uuid: first.body.device_uuid }, agent.token);
      const second = await server.api('PPKEFU_LOGIN', body, agent.token);
      expect(second.body.error_code).toBe(0);
      expect(second.body.device_uuid).toBe(first.body.device_uuid);
      expect(second.body.mobile_device_uuid).toBe(first.body.device_uuid);
      expect(second.body.service_user_status).toBe('READY');
      expect((await deviceRow(first.body.device_uuid)).device_is_online).toBe(true);
    });

    it('newer device of the same kind takes the older one offline', async () => {
      const agent = await createAgent();
      const older = await server.api('PPKEFU_LOGIN', { app_uuid: server.appUuid, user_uuid: agent.uuid, device_id: randomUUID(), device_ostype: 'WIN' }, agent.token);
      const phone = await server.api('PPKEFU_LOGIN', { app_uuid: server.appUuid, user_uuid: agent.uuid, device_id: randomUUID(), device_ostype: 'IOS' }, agent.token);
      expect((await deviceRow(older.body.device_uuid)).device_is_online).toBe(true);
      const newer = await server.api('PPKEFU_LOGIN', { app_uuid: server.appUuid, user_uuid: agent.uuid, device_id: randomUUID(), device_ostype: 'LIN' }, agent.token);
      expect(newer.body.error_code).toBe(0);
      expect((await deviceRow(older.body.device_uuid)).device_is_online).toBe(false);
      expect((await deviceRow(phone.body.device_uuid)).device_is_online).toBe(true);
      expect((await userRow(agent.uuid)).browser_device_uuid).toBe(newer.body.device_uuid);
    });

    it('terminal of another agent is 25', async () => {
      const first = await createAgent();
      const second = await createAgent();
      const terminal = randomUUID();
      const owned = await server.api('PPKEFU_LOGIN', { app_uuid: server.appUuid, user_uuid: first.uuid, device_id: terminal, device_ostype: 'WIN' }, first.token);
      const answer = await server.api('PPKEFU_LOGIN', { app_uuid: server.appUuid, user_uuid: second.uuid, device_id: terminal, device_ostype: 'WIN' }, second.token);
      expect(answer.body.error_code).toBe(25);
      expect((await deviceRow(owned.body.device_uuid)).user_uuid).toBe(first.uuid);
    });

    it('logout marks the device offline', async () => {
      const agent = await createAgent();
      const login = await server.api('PPKEFU_LOGIN', { app_uuid: server.appUuid, user_uuid: agent.uuid, device_id: randomUUID(), device_ostype: 'WIN' }, agent.token);
      const answer = await server.api('PPKEFU_LOGOUT', { app_uuid: server.appUuid, user_uuid: agent.uuid, device_uuid: login.body.device_uuid }, agent.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PPKEFU_LOGOUT');
      expect((await deviceRow(login.body.device_uuid)).device_is_online).toBe(false);
    });

    it('logout of a device not the user is 8', async () => {
      const agent = await createAgent();
      const colleague = await createAgent();
      const login = await server.api('PPKEFU_LOGIN', { app_uuid: server.appUuid, user_uuid: colleague.uuid, device_id: randomUUID(), device_ostype: 'WIN' }, colleague.token);
      expect((await server.api('PPKEFU_LOGOUT', { app_uuid: server.appUuid, user_uuid: agent.uuid, device_uuid: login.body.device_uuid }, agent.token)).body.error_code).toBe(8);
      expect((await server.api('PPKEFU_LOGOUT', { app_uuid: server.appUuid, user_uuid: agent.uuid, device_uuid: randomUUID() }, agent.token)).body.error_code).toBe(8);
      const otherToken = await server.clientToken('THIRD_PARTY_KEFU', other.keys);
      expect((await server.api('PPKEFU_LOGOUT', { app_uuid: other.appUuid, user_uuid: colleague.uuid, device_uuid: login.body.device_uuid }, otherToken)).body.error_code).toBe(8);
    });

    it('login rejects others, visitors and bad values', async () => {
      const agent = await createAgent();
      const colleague = await createAgent();
      const thirdParty = await server.clientToken('THIRD_PARTY_KEFU');
      const visitor = await createVisitor();
      const base = { app_uuid: server.appUuid, user_uuid: agent.uuid, device_id: randomUUID(), device_ostype: 'WIN' };
      const code = async (body: unknown, token = agent.token) => (await server.api('PPKEFU_LOGIN', body, token)).body.error_code;
      expect(await code({ ...base, user_uuid: colleague.uuid })).toBe(20);
      expect(await code({ ...base, user_uuid: visitor.uuid }, thirdParty)).toBe(7);
      expect(await code({ ...base, user_uuid: randomUUID() }, thirdParty)).toBe(7);
      expect(await code({ ...base, device_id: undefined })).toBe(6);
      expect(await code({ ...base, device_ostype: undefined })).toBe(6);
      expect(await code({ ...base, user_uuid: undefined })).toBe(6);
      expect(await code({ ...base, device_id: 5 })).toBe(28);
      expect(await code({ ...base, device_ostype: 'BEOS' })).toBe(44);
      expect(await code({ ...base, service_user_status: 'AWAY' })).toBe(44);
      expect(await code({ ...base, app_uuid: other.appUuid })).toBe(20);
      expect(await code(base, visitor.token)).toBe(4);
      expect(await code(base, thirdParty)).toBe(0);
    });

    it('logout validates parameters and level', async () => {
      const agent = await createAgent();
      const base = { app_uuid: server.appUuid, user_uuid: agent.uuid, device_uuid: randomUUID() };
      expect((await server.api('PPKEFU_LOGOUT', { ...base, device_uuid: undefined }, agent.token)).body.error_code).toBe(6);
      expect((await server.api('PPKEFU_LOGOUT', { ...base, device_uuid: 9 }, agent.token)).body.error_code).toBe(28);
      expect((await server.api('PPKEFU_LOGOUT', { ...base, device_uuid: 'x' }, agent.token)).body.error_code).toBe(44);
      expect((await server.api('PPKEFU_LOGOUT', base, consoleToken)).body.error_code).toBe(4);
      const colleague = await createAgent();
      expect((await server.api('PPKEFU_LOGOUT', { ...base, user_uuid: colleague.uuid }, agent.token)).body.error_code).toBe(20);
    });
  });
});
