import { capturedLogLines, createOtherApp, TestServer } from './support/test-server';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{6}$/;
const KEY_LEVELS = ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'] as const;

describe('PP_CREATE_APP', () => {
  let server: TestServer;
  let consoleToken: string;

  beforeAll(async () => {
    server = await TestServer.start();
    consoleToken = (await server.passwordToken('PPCONSOLE')).token;
  });

  afterAll(async () => {
    await server.close();
  });

  it('console user becomes owner of the new app', async () => {
    const answer = await server.api('PP_CREATE_APP', { app_name: 'Sales Team', company_name: 'Example Ltd', app_route_policy: 'SMART' }, consoleToken);
    expect(answer.status).toBe(200);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.error_string).toBe('success.');
    expect(answer.body.uri).toBe('/PP_CREATE_APP');
    expect(answer.body.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.uuid).not.toBe(server.appUuid);
    expect(answer.body.app_name).toBe('Sales Team');
    expect(answer.body.company_name).toBe('Example Ltd');
    expect(answer.body.app_route_policy).toBe('SMART');
    expect(answer.body.user_uuid).toBe(server.bootstrap.admin.user_uuid);
    expect(answer.body.createtime).toMatch(DATETIME);
    expect(answer.body.updatetime).toMatch(DATETIME);
    expect(answer.body.identity_verification).toBe(false);
    expect(answer.body.identity_secret).toMatch(/^[0-9a-f]{64}$/);
    for (const level of KEY_LEVELS) {
      expect(typeof answer.body.api_keys[level].api_key).toBe('string');
      expect(typeof answer.body.api_keys[level].api_secret).toBe('string');
    }
    expect(answer.body.app_key).toBe(answer.body.api_keys.PPCONSOLE.api_key);
    expect(answer.body.app_secret).toBe(answer.body.api_keys.PPCONSOLE.api_secret);

    const [membership] = await server.dataSource.query('SELECT * FROM app_users WHERE app_uuid = $1', [answer.body.uuid]);
    expect(membership.user_uuid).toBe(server.bootstrap.admin.user_uuid);
    expect(membership.is_owner_user).toBe(true);
    expect(membership.is_service_user).toBe(true);
    expect(membership.is_distributor_user).toBe(true);
    expect(membership.is_portal_user).toBe(false);
    const keys = await server.dataSource.query('SELECT api_level FROM api_keys WHERE app_uuid = $1 ORDER BY api_level', [answer.body.uuid]);
    expect(keys.map((row: { api_level: string }) => row.api_level)).toEqual([...KEY_LEVELS].sort());
  });

  it('new app keys give tokens for the new app only', async () => {
    const created = await server.api('PP_CREATE_APP', { app_name: 'Support Team' }, consoleToken);
    expect(created.body.error_code).toBe(0);
    const newAppUuid = created.body.uuid as string;
    const { token, userUuid } = await server.passwordToken('PPCONSOLE', undefined, undefined, created.body.api_keys);
    expect(userUuid).toBe(server.bootstrap.admin.user_uuid);

    const info = await server.api('PP_GET_APP_INFO', { app_uuid: newAppUuid }, token);
    expect(info.body.error_code).toBe(0);
    expect(info.body.app_name).toBe('Support Team');
    expect(info.body.app_route_policy).toBe('BROADCAST');
    const oldToken = await server.api('PP_GET_APP_INFO', { app_uuid: newAppUuid }, consoleToken);
    expect(oldToken.body.error_code).toBe(20);
  });

  it('third-party console makes its app owner the owner', async () => {
    const other = await createOtherApp(server, 'Tenant');
    const token = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
    const answer = await server.api('PP_CREATE_APP', { app_name: 'Tenant Two' }, token);
    expect(answer.body.error_code).toBe(0);
    const [owner] = await server.dataSource.query('SELECT user_uuid FROM apps WHERE uuid = $1', [other.appUuid]);
    expect(answer.body.user_uuid).toBe(owner.user_uuid);
    const [membership] = await server.dataSource.query('SELECT * FROM app_users WHERE app_uuid = $1', [answer.body.uuid]);
    expect(membership.user_uuid).toBe(owner.user_uuid);
    expect(membership.is_owner_user).toBe(true);
  });

  it('route policy ALL is stored as BROADCAST', async () => {
    const answer = await server.api('PP_CREATE_APP', { app_name: 'All Policy', app_route_policy: 'ALL' }, consoleToken);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.app_route_policy).toBe('BROADCAST');
    const [row] = await server.dataSource.query('SELECT app_route_policy FROM apps WHERE uuid = $1', [answer.body.uuid]);
    expect(row.app_route_policy).toBe('BROADCAST');
  });

  it('missing app_name is 6', async () => {
    const answer = await server.api('PP_CREATE_APP', { company_name: 'x' }, consoleToken);
    expect(answer.body).toEqual({ error_code: 6, error_string: 'required parameter not provided.', uri: '/PP_CREATE_APP' });
  });

  it.each([
    ['app_name number', { app_name: 12 }],
    ['company_name number', { app_name: 'a', company_name: 3 }],
    ['app_route_policy boolean', { app_name: 'a', app_route_policy: true }],
  ])('wrong type %s is 28', async (_case, body) => {
    const answer = await server.api('PP_CREATE_APP', body, consoleToken);
    expect(answer.body.error_code).toBe(28);
  });

  it.each([
    ['blank app_name', { app_name: '   ' }],
    ['app_name over 128 code points', { app_name: '😀'.repeat(129) }],
    ['unknown route policy', { app_name: 'a', app_route_policy: 'RANDOM' }],
  ])('invalid %s is 44', async (_case, body) => {
    const answer = await server.api('PP_CREATE_APP', body, consoleToken);
    expect(answer.body.error_code).toBe(44);
  });

  it('app_name of 128 emoji is accepted', async () => {
    const answer = await server.api('PP_CREATE_APP', { app_name: '😀'.repeat(128) }, consoleToken);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.app_name).toBe('😀'.repeat(128));
  });

  it.each(['PPCOM', 'THIRD_PARTY_KEFU'] as const)('%s token is 4', async (level) => {
    const token = await server.clientToken(level);
    const answer = await server.api('PP_CREATE_APP', { app_name: 'x' }, token);
    expect(answer.body.error_code).toBe(4);
  });

  it('PPKEFU token is 4', async () => {
    const { token } = await server.passwordToken('PPKEFU');
    const answer = await server.api('PP_CREATE_APP', { app_name: 'x' }, token);
    expect(answer.body.error_code).toBe(4);
  });

  it('console token before login is 4', async () => {
    const token = await server.clientToken('PPCONSOLE');
    const answer = await server.api('PP_CREATE_APP', { app_name: 'x' }, token);
    expect(answer.body.error_code).toBe(4);
  });

  it('foreign app_uuid in body is 20', async () => {
    const other = await createOtherApp(server);
    const answer = await server.api('PP_CREATE_APP', { app_name: 'x', app_uuid: other.appUuid }, consoleToken);
    expect(answer.body.error_code).toBe(20);
  });

  it('logs no secret of the new app', async () => {
    const answer = await server.api('PP_CREATE_APP', { app_name: 'Quiet Team' }, consoleToken);
    expect(answer.body.error_code).toBe(0);
    const logs = capturedLogLines.join('\n');
    for (const level of KEY_LEVELS) {
      expect(logs).not.toContain(answer.body.api_keys[level].api_secret);
    }
    expect(logs).not.toContain(answer.body.identity_secret);
  });
});

describe('PP_UPDATE_APP_INFO', () => {
  let server: TestServer;
  let consoleToken: string;

  beforeAll(async () => {
    server = await TestServer.start();
    consoleToken = (await server.passwordToken('PPCONSOLE')).token;
  });

  afterAll(async () => {
    await server.close();
  });

  /** Creates an app per test, so tests do not see each other's changes. */
  async function freshApp(): Promise<{ appUuid: string; token: string }> {
    const other = await createOtherApp(server);
    return { appUuid: other.appUuid, token: await server.clientToken('THIRD_PARTY_CONSOLE', other.keys) };
  }

  it('updates every field and bumps updatetime', async () => {
    const { appUuid, token } = await freshApp();
    const [before] = await server.dataSource.query('SELECT updatetime FROM apps WHERE uuid = $1', [appUuid]);
    const changes = {
      app_uuid: appUuid,
      app_name: 'Renamed',
      app_icon: 'https://example.test/icon.png',
      app_route_policy: 'GROUP',
      welcome_message: 'Hello',
      offline_message: 'We are away',
      return_offline_message: true,
      show_ppcom_hover: 'ONCE',
      ppcom_launcher_color: '#336699',
      ppcom_launcher_style: 'MATERIAL',
      ppcom_powered_by_name: 'Example',
      ppcom_powered_by_link: 'https://example.test',
      ppcom_powered_by_visible: false,
      identity_verification: true,
      allow_anonymous_upload: false,
    };
    const answer = await server.api('PP_UPDATE_APP_INFO', changes, token);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.uri).toBe('/PP_UPDATE_APP_INFO');
    expect(answer.body.uuid).toBe(appUuid);
    for (const [field, value] of Object.entries(changes)) {
      if (field !== 'app_uuid') {
        expect({ field, value: answer.body[field] }).toEqual({ field, value });
      }
    }
    expect(answer.body.identity_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof answer.body.app_secret).toBe('string');

    const [after] = await server.dataSource.query('SELECT * FROM apps WHERE uuid = $1', [appUuid]);
    expect(after.updatetime.getTime()).toBeGreaterThan(before.updatetime.getTime());
    expect(after.app_name).toBe('Renamed');
    expect(after.app_route_policy).toBe('GROUP');
    expect(after.identity_verification).toBe(true);
    expect(after.allow_anonymous_upload).toBe(false);
  });

  it('ALL is stored as BROADCAST', async () => {
    const { appUuid, token } = await freshApp();
    await server.api('PP_UPDATE_APP_INFO', { app_uuid: appUuid, app_route_policy: 'SMART' }, token);
    const answer = await server.api('PP_UPDATE_APP_INFO', { app_uuid: appUuid, app_route_policy: 'ALL' }, token);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.app_route_policy).toBe('BROADCAST');
  });

  it('absent and null fields keep their values', async () => {
    const { appUuid, token } = await freshApp();
    await server.api('PP_UPDATE_APP_INFO', { app_uuid: appUuid, welcome_message: 'Hi', return_offline_message: true }, token);
    const answer = await server.api('PP_UPDATE_APP_INFO', { app_uuid: appUuid, app_name: null, welcome_message: null, offline_message: 'Away' }, token);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.app_name).toBe('Other Team');
    expect(answer.body.welcome_message).toBe('Hi');
    expect(answer.body.return_offline_message).toBe(true);
    expect(answer.body.offline_message).toBe('Away');
  });

  it('PPCONSOLE user token updates its app', async () => {
    const answer = await server.api('PP_UPDATE_APP_INFO', { app_uuid: server.appUuid, ppcom_launcher_color: '#000000' }, consoleToken);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.ppcom_launcher_color).toBe('#000000');
    expect(answer.body.app_key).toBe(server.bootstrap.api_keys.PPCONSOLE.api_key);
  });

  it('missing app_uuid is 6', async () => {
    const answer = await server.api('PP_UPDATE_APP_INFO', { app_name: 'x' }, consoleToken);
    expect(answer.body).toEqual({ error_code: 6, error_string: 'required parameter not provided.', uri: '/PP_UPDATE_APP_INFO' });
  });

  it.each([
    ['app_name', 5],
    ['welcome_message', []],
    ['return_offline_message', 'yes'],
    ['ppcom_powered_by_visible', 1],
    ['identity_verification', 'true'],
    ['allow_anonymous_upload', 0],
    ['show_ppcom_hover', false],
    ['app_uuid', 42],
  ])('wrong type of %s is 28', async (field, value) => {
    const answer = await server.api('PP_UPDATE_APP_INFO', { app_uuid: server.appUuid, [field]: value }, consoleToken);
    expect(answer.body.error_code).toBe(28);
  });

  it.each([
    ['app_route_policy', 'ROUND_ROBIN'],
    ['show_ppcom_hover', 'SOMETIMES'],
    ['ppcom_launcher_style', 'FANCY'],
    ['offline_message', 'x'.repeat(513)],
    ['app_name', ''],
    ['app_uuid', 'not-a-uuid'],
  ])('invalid %s is 44', async (field, value) => {
    const answer = await server.api('PP_UPDATE_APP_INFO', { app_uuid: server.appUuid, [field]: value }, consoleToken);
    expect(answer.body.error_code).toBe(44);
  });

  it('offline_message of 512 emoji is accepted', async () => {
    const answer = await server.api('PP_UPDATE_APP_INFO', { app_uuid: server.appUuid, offline_message: '🙂'.repeat(512) }, consoleToken);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.offline_message).toBe('🙂'.repeat(512));
  });

  it('another app is 20 and unchanged', async () => {
    const other = await createOtherApp(server);
    const answer = await server.api('PP_UPDATE_APP_INFO', { app_uuid: other.appUuid, app_name: 'Hijacked' }, consoleToken);
    expect(answer.body.error_code).toBe(20);
    const [row] = await server.dataSource.query('SELECT app_name FROM apps WHERE uuid = $1', [other.appUuid]);
    expect(row.app_name).toBe('Other Team');
  });

  it.each(['PPCOM', 'THIRD_PARTY_KEFU'] as const)('%s token is 4', async (level) => {
    const token = await server.clientToken(level);
    const answer = await server.api('PP_UPDATE_APP_INFO', { app_uuid: server.appUuid, app_name: 'x' }, token);
    expect(answer.body.error_code).toBe(4);
  });

  it('PPKEFU token is 4', async () => {
    const { token } = await server.passwordToken('PPKEFU');
    const answer = await server.api('PP_UPDATE_APP_INFO', { app_uuid: server.appUuid, app_name: 'x' }, token);
    expect(answer.body.error_code).toBe(4);
  });
});
