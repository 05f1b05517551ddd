import { TestServer } from './support/test-server';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{6}$/;
const PUBLIC_FIELDS = [
  'uuid', 'createtime', 'updatetime', 'api_uuid', 'user_uuid', 'app_name', 'app_icon', 'app_route_policy', 'company_name',
  'app_billing_email', 'app_billing_uuid', 'return_offline_message', 'offline_message', 'welcome_message', 'show_ppcom_hover',
  'ppcom_launcher_color', 'ppcom_launcher_style', 'ppcom_powered_by_name', 'ppcom_powered_by_link', 'ppcom_powered_by_visible',
  'robot_train_chat', 'robot_train_track', 'robot_train_click', 'robot_train_method', 'robot_user_uuid',
  'identity_verification', 'allow_anonymous_upload',
];
const SECRET_FIELDS = ['app_key', 'app_secret', 'identity_secret'];

describe('PP_GET_APP_INFO', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(async () => {
    await server.close();
  });

  it('console token reads every field and the secrets', async () => {
    const { token } = await server.passwordToken('PPCONSOLE');
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.error_string).toBe('success.');
    expect(answer.body.uri).toBe('/PP_GET_APP_INFO');
    for (const field of [...PUBLIC_FIELDS, ...SECRET_FIELDS]) {
      expect(answer.body).toHaveProperty(field);
    }
    expect(answer.body.uuid).toBe(server.appUuid);
    expect(answer.body.user_uuid).toBe(server.bootstrap.admin.user_uuid);
    expect(answer.body.app_name).toBe('Default Team');
    expect(answer.body.app_route_policy).toBe('BROADCAST');
    expect(answer.body.createtime).toMatch(DATETIME);
    expect(answer.body.updatetime).toMatch(DATETIME);
    expect(answer.body.app_key).toBe(server.bootstrap.api_keys.PPCONSOLE.api_key);
    expect(answer.body.app_secret).toBe(server.bootstrap.api_keys.PPCONSOLE.api_secret);
    expect(answer.body.identity_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(answer.body.identity_verification).toBe(false);
  });

  it('third-party console token reads the secrets', async () => {
    const token = await server.clientToken('THIRD_PARTY_CONSOLE');
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.app_secret).toBe(server.bootstrap.api_keys.PPCONSOLE.api_secret);
  });

  it.each(['PPCOM', 'THIRD_PARTY_KEFU'] as const)('%s token gets no secrets', async (level) => {
    const token = await server.clientToken(level);
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token);
    expect(answer.body.error_code).toBe(0);
    for (const field of PUBLIC_FIELDS) {
      expect(answer.body).toHaveProperty(field);
    }
    for (const field of SECRET_FIELDS) {
      expect(answer.body).not.toHaveProperty(field);
    }
    const text = JSON.stringify(answer.body);
    for (const pair of Object.values(server.bootstrap.api_keys)) {
      expect(text).not.toContain(pair.api_secret);
    }
  });

  it('PPKEFU token gets no secrets', async () => {
    const { token } = await server.passwordToken('PPKEFU');
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body).not.toHaveProperty('app_secret');
    expect(answer.body).not.toHaveProperty('identity_secret');
  });

  it('app deleted under a live token is 13', async () => {
    const token = await server.clientToken('THIRD_PARTY_CONSOLE');
    const appRow = { ...(await server.dataSource.query('SELECT * FROM apps WHERE uuid = $1', [server.appUuid]))[0] };
    await server.dataSource.query('DELETE FROM apps WHERE uuid = $1', [server.appUuid]);
    try {
      const answer = await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token);
      expect(answer.body).toEqual({ error_code: 13, error_string: 'no such application.', uri: '/PP_GET_APP_INFO' });
    } finally {
      const columns = Object.keys(appRow);
      await server.dataSource.query(
        `INSERT INTO apps (${columns.join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`,
        columns.map((column) => appRow[column]),
      );
    }
  });
});
