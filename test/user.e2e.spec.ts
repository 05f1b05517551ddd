import { createHmac, randomUUID } from 'node:crypto';
import { createOtherApp, sha1, TestServer } from './support/test-server';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{6}$/;

describe('user endpoints', () => {
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

  function uniqueEmail(prefix = 'user'): string {
    return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
  }

  async function createAgent(password = 'agent-password'): Promise<{ uuid: string; email: string; password: string }> {
    const email = uniqueEmail('agent');
    const answer = await server.api('PP_CREATE_USER', { app_uuid: server.appUuid, user_email: email, user_fullname: 'Agent', user_password: sha1(password), is_service_user: true }, consoleToken);
    expect(answer.body.error_code).toBe(0);
    return { uuid: answer.body.uuid, email, password };
  }

  async function createVisitor(): Promise<{ uuid: string; token: string }> {
    const token = await server.clientToken('PPCOM');
    const answer = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: randomUUID() }, token);
    expect(answer.body.error_code).toBe(0);
    return { uuid: answer.body.user_uuid, token };
  }

  describe('PP_CREATE_ANONYMOUS', () => {
    it('creates a visitor with every field', async () => {
      const token = await server.clientToken('PPCOM');
      const answer = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: randomUUID() }, token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_CREATE_ANONYMOUS');
      const userUuid = answer.body.user_uuid as string;
      expect(userUuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.body.user_email).toBe(`${userUuid.slice(0, 6)}@${server.appUuid.slice(0, 6)}`);
      expect(answer.body.user_fullname).toBe('Local Area.User');
      expect(answer.body.user_name).toBe('Local Area.User');
      expect(answer.body.user_status).toBe('ANONYMOUS');
      expect(answer.body.user_icon).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/identicon/${userUuid}\\.png$`));
      const [row] = await server.dataSource.query('SELECT user_type, is_anonymous_user, app_uuid FROM users WHERE uuid = $1', [userUuid]);
      expect(row.user_type).toBe('PORTAL');
      expect(row.is_anonymous_user).toBe(true);
      const [membership] = await server.dataSource.query('SELECT * FROM app_users WHERE user_uuid = $1', [userUuid]);
      expect(membership.is_portal_user).toBe(true);
      expect(membership.is_service_user).toBe(false);
      const [tokenRow] = await server.dataSource.query('SELECT count(*)::int AS n FROM api_tokens WHERE user_uuid = $1', [userUuid]);
      expect(tokenRow.n).toBe(1);
    });

    it('same trace id answers the same visitor', async () => {
      const token = await server.clientToken('PPCOM');
      const trace = randomUUID();
      const first = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: trace }, token);
      const second = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: trace }, token);
      expect(second.body.error_code).toBe(0);
      expect(second.body.user_uuid).toBe(first.body.user_uuid);
    });

    it('50 concurrent calls create one visitor', async () => {
      const token = await server.clientToken('PPCOM');
      const trace = randomUUID();
      const answers = await Promise.all(Array.from({ length: 50 }, () => server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: trace }, token)));
      expect(answers.every((answer) => answer.body.error_code === 0)).toBe(true);
      expect(new Set(answers.map((answer) => answer.body.user_uuid)).size).toBe(1);
      const [row] = await server.dataSource.query('SELECT count(*)::int AS n FROM users WHERE ppcom_trace_uuid = $1', [trace]);
      expect(row.n).toBe(1);
      const [membership] = await server.dataSource.query('SELECT count(*)::int AS n FROM app_users WHERE user_uuid = $1', [answers[0].body.user_uuid]);
      expect(membership.n).toBe(1);
    });

    it('same trace id in another app is another visitor', async () => {
      const trace = randomUUID();
      const mine = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: trace }, await server.clientToken('PPCOM'));
      const theirs = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: other.appUuid, ppcom_trace_uuid: trace }, await server.clientToken('PPCOM', other.keys));
      expect(theirs.body.error_code).toBe(0);
      expect(theirs.body.user_uuid).not.toBe(mine.body.user_uuid);
    });

    it('token bound to another visitor is 20', async () => {
      const token = await server.clientToken('PPCOM');
      await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: randomUUID() }, token);
      const answer = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: randomUUID() }, token);
      expect(answer.body.error_code).toBe(20);
    });

    it('proxy headers ignored by default', async () => {
      const token = await server.clientToken('PPCOM');
      const answer = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: randomUUID() }, token, { headers: { 'x-forwarded-for': '8.8.8.8', 'x-real-ip': '8.8.4.4' } });
      expect(answer.body.user_fullname).toBe('Local Area.User');
    });

    it('validates parameters and level', async () => {
      const token = await server.clientToken('PPCOM');
      expect((await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid }, token)).body.error_code).toBe(6);
      expect((await server.api('PP_CREATE_ANONYMOUS', { ppcom_trace_uuid: randomUUID() }, token)).body.error_code).toBe(6);
      expect((await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: 12 }, token)).body.error_code).toBe(28);
      expect((await server.api('PP_CREATE_ANONYMOUS', { app_uuid: 'nope', ppcom_trace_uuid: 'x' }, token)).body.error_code).toBe(44);
      expect((await server.api('PP_CREATE_ANONYMOUS', { app_uuid: other.appUuid, ppcom_trace_uuid: 'x' }, token)).body.error_code).toBe(20);
      expect((await server.api('PP_CREATE_ANONYMOUS', { app_uuid: server.appUuid, ppcom_trace_uuid: 'x' }, consoleToken)).body.error_code).toBe(4);
    });
  });

  describe('PP_CREATE_USER', () => {
    it('creates a service user without echoing the password', async () => {
      const email = uniqueEmail('new');
      const answer = await server.api('PP_CREATE_USER', { app_uuid: server.appUuid, user_email: email, user_fullname: 'New Agent', user_language: 'en_us', user_password: sha1('pw'), is_service_user: true }, consoleToken);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.body.user_status).toBe('THIRDPARTY');
      expect(answer.body.user_name).toBe(email);
      expect(answer.body.user_email).toBe(email);
      expect(answer.body.user_language).toBe('en_us');
      expect(answer.body.user_fullname).toBe('New Agent');
      expect(answer.body.is_anonymous_user).toBe(false);
      expect(answer.body).not.toHaveProperty('user_password');
      expect(JSON.stringify(answer.body)).not.toContain(sha1('pw'));
      const [membership] = await server.dataSource.query('SELECT * FROM app_users WHERE user_uuid = $1', [answer.body.uuid]);
      expect(membership.is_service_user).toBe(true);
      expect(membership.is_distributor_user).toBe(true);
      expect(membership.is_portal_user).toBe(false);
      const login = await server.passwordToken('PPKEFU', email, 'pw');
      expect(login.userUuid).toBe(answer.body.uuid);
    });

    it('creates a portal user by default', async () => {
      const answer = await server.api('PP_CREATE_USER', { app_uuid: server.appUuid, user_email: uniqueEmail('portal'), user_fullname: 'Visitor' }, consoleToken);
      expect(answer.body.error_code).toBe(0);
      const [membership] = await server.dataSource.query('SELECT * FROM app_users WHERE user_uuid = $1', [answer.body.uuid]);
      expect(membership.is_portal_user).toBe(true);
      expect(membership.is_service_user).toBe(false);
      expect(membership.is_distributor_user).toBe(false);
    });

    it('service email taken in any app is 22', async () => {
      const answer = await server.api('PP_CREATE_USER', { app_uuid: server.appUuid, user_email: other.ownerEmail.toUpperCase(), user_fullname: 'Dup', is_service_user: true }, consoleToken);
      expect(answer.body.error_code).toBe(22);
    });

    it('portal email taken in the app is 22', async () => {
      const email = uniqueEmail('dup');
      await server.api('PP_CREATE_USER', { app_uuid: server.appUuid, user_email: email, user_fullname: 'A' }, consoleToken);
      const again = await server.api('PP_CREATE_USER', { app_uuid: server.appUuid, user_email: email, user_fullname: 'B' }, consoleToken);
      expect(again.body.error_code).toBe(22);
      const otherToken = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
      const elsewhere = await server.api('PP_CREATE_USER', { app_uuid: other.appUuid, user_email: email, user_fullname: 'C' }, otherToken);
      expect(elsewhere.body.error_code).toBe(0);
    });

    it('concurrent service creates with one email give one user', async () => {
      const email = uniqueEmail('race');
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => server.api('PP_CREATE_USER', { app_uuid: server.appUuid, user_email: email, user_fullname: 'Race', is_service_user: true }, consoleToken)),
      );
      expect(answers.filter((answer) => answer.body.error_code === 0)).toHaveLength(1);
      expect(answers.filter((answer) => answer.body.error_code === 22)).toHaveLength(7);
    });

    it('validates parameters and level', async () => {
      const base = { app_uuid: server.appUuid, user_email: uniqueEmail(), user_fullname: 'X' };
      expect((await server.api('PP_CREATE_USER', { ...base, user_email: undefined }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_CREATE_USER', { ...base, user_fullname: undefined }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_CREATE_USER', { ...base, app_uuid: undefined }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_CREATE_USER', { ...base, is_service_user: 'yes' }, consoleToken)).body.error_code).toBe(28);
      expect((await server.api('PP_CREATE_USER', { ...base, user_password: 'plain' }, consoleToken)).body.error_code).toBe(44);
      expect((await server.api('PP_CREATE_USER', { ...base, user_email: 'not-an-email' }, consoleToken)).body.error_code).toBe(44);
      expect((await server.api('PP_CREATE_USER', { ...base, app_uuid: other.appUuid }, consoleToken)).body.error_code).toBe(20);
      expect((await server.api('PP_CREATE_USER', base, await server.clientToken('PPCOM'))).body.error_code).toBe(4);
    });
  });

  describe('PP_REMOVE_USER', () => {
    it('removes the user, memberships, devices and tokens', async () => {
      const agent = await createAgent('remove-me');
      const { token } = await server.passwordToken('PPKEFU', agent.email, agent.password);
      await server.dataSource.query(
        `INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype) VALUES ($1, $2, $3, $4, 'WIN')`,
        [randomUUID(), server.appUuid, agent.uuid, randomUUID()],
      );
      const groupUuid = randomUUID();
      await server.dataSource.query(`INSERT INTO org_groups (uuid, app_uuid, group_name, user_count) VALUES ($1, $2, 'G', 1)`, [groupUuid, server.appUuid]);
      await server.dataSource.query('INSERT INTO org_group_users (app_uuid, user_uuid, group_uuid) VALUES ($1, $2, $3)', [server.appUuid, agent.uuid, groupUuid]);
      expect((await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token)).body.error_code).toBe(0);

      const answer = await server.api('PP_REMOVE_USER', { user_uuid: agent.uuid, user_password: sha1(agent.password) }, consoleToken);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_REMOVE_USER');
      const [user] = await server.dataSource.query('SELECT removed_at FROM users WHERE uuid = $1', [agent.uuid]);
      expect(user.removed_at).not.toBeNull();
      const counts = await server.dataSource.query(
        `SELECT (SELECT count(*)::int FROM app_users WHERE user_uuid = $1) AS memberships,
                (SELECT count(*)::int FROM devices WHERE user_uuid = $1) AS devices,
                (SELECT count(*)::int FROM org_group_users WHERE user_uuid = $1) AS groups,
                (SELECT user_count FROM org_groups WHERE uuid = $2) AS user_count`,
        [agent.uuid, groupUuid],
      );
      expect(counts[0].memberships).toBe(0);
      expect(counts[0].devices).toBe(0);
      expect(counts[0].groups).toBe(0);
      expect(counts[0].user_count).toBe(0);
      expect((await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token)).body.error_code).toBe(4);
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: agent.uuid }, consoleToken)).body.error_code).toBe(7);
    });

    it('wrong password is 10', async () => {
      const agent = await createAgent();
      const answer = await server.api('PP_REMOVE_USER', { user_uuid: agent.uuid, user_password: sha1('wrong') }, consoleToken);
      expect(answer.body.error_code).toBe(10);
    });

    it('app owner is 38', async () => {
      const admin = server.bootstrap.admin;
      const answer = await server.api('PP_REMOVE_USER', { user_uuid: admin.user_uuid, user_password: sha1(admin.user_password) }, consoleToken);
      expect(answer.body.error_code).toBe(38);
    });

    it('unknown or other app user is 7', async () => {
      expect((await server.api('PP_REMOVE_USER', { user_uuid: randomUUID(), user_password: sha1('x') }, consoleToken)).body.error_code).toBe(7);
      const otherToken = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
      const agent = await createAgent();
      expect((await server.api('PP_REMOVE_USER', { user_uuid: agent.uuid, user_password: sha1(agent.password) }, otherToken)).body.error_code).toBe(7);
    });

    it('validates parameters and level', async () => {
      expect((await server.api('PP_REMOVE_USER', { user_password: sha1('x') }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_REMOVE_USER', { user_uuid: randomUUID() }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_REMOVE_USER', { user_uuid: randomUUID(), user_password: 5 }, consoleToken)).body.error_code).toBe(28);
      expect((await server.api('PP_REMOVE_USER', { user_uuid: randomUUID(), user_password: 'plain' }, consoleToken)).body.error_code).toBe(44);
      expect((await server.api('PP_REMOVE_USER', { user_uuid: randomUUID(), user_password: sha1('x') }, await server.clientToken('THIRD_PARTY_KEFU'))).body.error_code).toBe(4);
    });
  });

  describe('PP_UPDATE_USER', () => {
    it('updates profile fields', async () => {
      const visitor = await createVisitor();
      const answer = await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: visitor.uuid, user_fullname: 'Ana 😀', user_signature: 's'.repeat(512), user_mute_notification: true }, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_UPDATE_USER');
      const [row] = await server.dataSource.query('SELECT user_fullname, user_signature, user_mute_notification FROM users WHERE uuid = $1', [visitor.uuid]);
      expect(row.user_fullname).toBe('Ana 😀');
      expect(row.user_signature).toHaveLength(512);
      expect(row.user_mute_notification).toBe(true);
    });

    it('nothing updatable succeeds doing nothing', async () => {
      const visitor = await createVisitor();
      const answer = await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: visitor.uuid }, visitor.token);
      expect(answer.body.error_code).toBe(0);
    });

    it('email conflict is 22', async () => {
      const first = await createAgent();
      const second = await createAgent();
      const answer = await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: second.uuid, user_email: first.email }, consoleToken);
      expect(answer.body.error_code).toBe(22);
    });

    it('password change needs the old password', async () => {
      const agent = await createAgent('old-secret');
      const missing = await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: agent.uuid, new_password: sha1('new-secret') }, consoleToken);
      expect(missing.body.error_code).toBe(10);
      const wrong = await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: agent.uuid, user_password: sha1('new-secret'), old_password: sha1('nope') }, consoleToken);
      expect(wrong.body.error_code).toBe(10);
    });

    it('password change revokes other tokens only', async () => {
      const agent = await createAgent('old-secret');
      const mine = await server.passwordToken('PPKEFU', agent.email, agent.password);
      const otherSession = await server.passwordToken('PPKEFU', agent.email, agent.password);
      const answer = await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: agent.uuid, new_password: sha1('new-secret'), old_password: sha1('old-secret') }, mine.token);
      expect(answer.body.error_code).toBe(0);
      expect((await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, mine.token)).body.error_code).toBe(0);
      expect((await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, otherSession.token)).body.error_code).toBe(4);
      const relogin = await server.passwordToken('PPKEFU', agent.email, 'new-secret');
      expect(relogin.userUuid).toBe(agent.uuid);
    });

    it('distributor flag applies to service users', async () => {
      const agent = await createAgent();
      await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: agent.uuid, is_distributor_user: false }, consoleToken);
      const [membership] = await server.dataSource.query('SELECT is_distributor_user FROM app_users WHERE user_uuid = $1', [agent.uuid]);
      expect(membership.is_distributor_user).toBe(false);
      const visitor = await createVisitor();
      await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: visitor.uuid, is_distributor_user: true }, consoleToken);
      const [visitorMembership] = await server.dataSource.query('SELECT is_distributor_user FROM app_users WHERE user_uuid = $1', [visitor.uuid]);
      expect(visitorMembership.is_distributor_user).toBe(false);
    });

    it('acting as another user is 20', async () => {
      const visitor = await createVisitor();
      const someoneElse = await createVisitor();
      expect((await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: someoneElse.uuid, user_fullname: 'x' }, visitor.token)).body.error_code).toBe(20);
      const kefu = await server.passwordToken('PPKEFU');
      expect((await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: visitor.uuid, user_fullname: 'x' }, kefu.token)).body.error_code).toBe(20);
    });

    it('unknown or other app user is 7', async () => {
      expect((await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid, user_uuid: randomUUID(), user_fullname: 'x' }, consoleToken)).body.error_code).toBe(7);
      const otherToken = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
      const agent = await createAgent();
      expect((await server.api('PP_UPDATE_USER', { app_uuid: other.appUuid, user_uuid: agent.uuid, user_fullname: 'x' }, otherToken)).body.error_code).toBe(7);
    });

    it('validates parameters', async () => {
      const agent = await createAgent();
      const base = { app_uuid: server.appUuid, user_uuid: agent.uuid };
      expect((await server.api('PP_UPDATE_USER', { app_uuid: server.appUuid }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_UPDATE_USER', { user_uuid: agent.uuid }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_UPDATE_USER', { ...base, user_fullname: 7 }, consoleToken)).body.error_code).toBe(28);
      expect((await server.api('PP_UPDATE_USER', { ...base, user_signature: 's'.repeat(513) }, consoleToken)).body.error_code).toBe(44);
      expect((await server.api('PP_UPDATE_USER', { ...base, user_email: 'bad' }, consoleToken)).body.error_code).toBe(44);
      expect((await server.api('PP_UPDATE_USER', { ...base, app_uuid: other.appUuid }, consoleToken)).body.error_code).toBe(20);
    });
  });

  describe('PP_GET_USER_UUID', () => {
    it('creates then finds a named visitor', async () => {
      const token = await server.clientToken('PPCOM');
      const email = uniqueEmail('named');
      const answer = await server.api('PP_GET_USER_UUID', { app_uuid: server.appUuid, user_email: email, user_icon: 'http://icon/x.png' }, token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.user_uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.body.user_email).toBe(email);
      expect(answer.body.user_fullname).toBe(email.split('@')[0]);
      expect(answer.body.user_icon).toBe('http://icon/x.png');
      const [row] = await server.dataSource.query('SELECT user_status, user_name, is_anonymous_user, user_type FROM users WHERE uuid = $1', [answer.body.user_uuid]);
      expect(row.user_status).toBe('THIRDPARTY');
      expect(row.user_name).toBe(email);
      expect(row.is_anonymous_user).toBe(false);
      expect(row.user_type).toBe('PORTAL');
      const [tokenRow] = await server.dataSource.query('SELECT count(*)::int AS n FROM api_tokens WHERE user_uuid = $1', [answer.body.user_uuid]);
      expect(tokenRow.n).toBe(1);
      const again = await server.api('PP_GET_USER_UUID', { app_uuid: server.appUuid, user_email: email }, consoleToken);
      expect(again.body.user_uuid).toBe(answer.body.user_uuid);
    });

    it('concurrent calls share one visitor', async () => {
      const email = uniqueEmail('race');
      const answers = await Promise.all(Array.from({ length: 10 }, () => server.api('PP_GET_USER_UUID', { app_uuid: server.appUuid, user_email: email }, consoleToken)));
      expect(answers.every((answer) => answer.body.error_code === 0)).toBe(true);
      expect(new Set(answers.map((answer) => answer.body.user_uuid)).size).toBe(1);
    });

    it('service user email is 29', async () => {
      const agent = await createAgent();
      expect((await server.api('PP_GET_USER_UUID', { app_uuid: server.appUuid, user_email: agent.email }, consoleToken)).body.error_code).toBe(29);
    });

    it('identity verification checks user_hash', async () => {
      const otherToken = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
      await server.dataSource.query('UPDATE apps SET identity_verification = true WHERE uuid = $1', [other.appUuid]);
      const [app] = await server.dataSource.query('SELECT identity_secret FROM apps WHERE uuid = $1', [other.appUuid]);
      const email = uniqueEmail('verified');
      const hash = createHmac('sha256', app.identity_secret).update(email).digest('hex');
      expect((await server.api('PP_GET_USER_UUID', { app_uuid: other.appUuid, user_email: email }, otherToken)).body.error_code).toBe(20);
      expect((await server.api('PP_GET_USER_UUID', { app_uuid: other.appUuid, user_email: email, user_hash: 'f'.repeat(64) }, otherToken)).body.error_code).toBe(20);
      expect((await server.api('PP_GET_USER_UUID', { app_uuid: other.appUuid, user_email: email, user_hash: hash }, otherToken)).body.error_code).toBe(0);
    });

    it('validates parameters and level', async () => {
      expect((await server.api('PP_GET_USER_UUID', { app_uuid: server.appUuid }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_GET_USER_UUID', { user_email: uniqueEmail() }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_GET_USER_UUID', { app_uuid: server.appUuid, user_email: 3 }, consoleToken)).body.error_code).toBe(28);
      expect((await server.api('PP_GET_USER_UUID', { app_uuid: server.appUuid, user_email: 'bad' }, consoleToken)).body.error_code).toBe(44);
      expect((await server.api('PP_GET_USER_UUID', { app_uuid: other.appUuid, user_email: uniqueEmail() }, consoleToken)).body.error_code).toBe(20);
      expect((await server.api('PP_GET_USER_UUID', { app_uuid: server.appUuid, user_email: uniqueEmail() }, await server.clientToken('THIRD_PARTY_KEFU'))).body.error_code).toBe(4);
    });
  });

  describe('PP_GET_USER_INFO', () => {
    it('returns every field for a service user', async () => {
      const agent = await createAgent();
      const answer = await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: agent.uuid }, consoleToken);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uuid).toBe(agent.uuid);
      expect(answer.body.user_email).toBe(agent.email);
      expect(answer.body.user_name).toBe(agent.email);
      expect(answer.body.user_fullname).toBe('Agent');
      expect(Number.isInteger(answer.body.createtime)).toBe(true);
      expect(Number.isInteger(answer.body.updatetime)).toBe(true);
      expect(answer.body.latest_send_message_time).toBeNull();
      expect(answer.body.is_service_user).toBe(true);
      expect(answer.body.is_owner_user).toBe(false);
      expect(answer.body.is_distributor_user).toBe(true);
      expect(answer.body.service_user_status).toBe('READY');
      for (const field of ['user_password', 'password_hash', 'email_key', 'user_type', 'removed_at']) {
        expect(answer.body).not.toHaveProperty(field);
      }
      for (const field of ['user_firstname', 'user_lastname', 'user_icon', 'user_mobile', 'user_qq', 'user_wechat', 'user_signature', 'user_defined', 'mobile_device_uuid', 'browser_device_uuid', 'ppcom_mobile_device_uuid', 'ppcom_browser_device_uuid', 'user_language', 'user_silence_notification', 'user_show_badge', 'user_mute_notification', 'user_mute_other_mobile_device', 'user_company', 'is_email_verified', 'is_mobile_verified', 'create_status', 'is_anonymous_user', 'ppcom_trace_uuid']) {
        expect(answer.body).toHaveProperty(field);
      }
    });

    it('latest_send_message_time is a datetime string', async () => {
      const agent = await createAgent();
      await server.dataSource.query('UPDATE users SET latest_send_message_time = now() WHERE uuid = $1', [agent.uuid]);
      const answer = await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: agent.uuid }, consoleToken);
      expect(answer.body.latest_send_message_time).toMatch(DATETIME);
    });

    it('visitor reads itself and agents only', async () => {
      const visitor = await createVisitor();
      const someoneElse = await createVisitor();
      const agent = await createAgent();
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: visitor.uuid }, visitor.token)).body.error_code).toBe(0);
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: agent.uuid }, visitor.token)).body.error_code).toBe(0);
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: someoneElse.uuid }, visitor.token)).body.error_code).toBe(20);
    });

    it('agent reads visitors and agents of its app', async () => {
      const kefu = await server.passwordToken('PPKEFU');
      const visitor = await createVisitor();
      const agent = await createAgent();
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: visitor.uuid }, kefu.token)).body.error_code).toBe(0);
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: agent.uuid }, kefu.token)).body.error_code).toBe(0);
    });

    it('unknown, other app and no membership', async () => {
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: randomUUID() }, consoleToken)).body.error_code).toBe(7);
      const otherVisitor = await server.api('PP_CREATE_ANONYMOUS', { app_uuid: other.appUuid, ppcom_trace_uuid: randomUUID() }, await server.clientToken('PPCOM', other.keys));
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: otherVisitor.body.user_uuid }, consoleToken)).body.error_code).toBe(7);
      const visitor = await createVisitor();
      await server.dataSource.query('DELETE FROM app_users WHERE user_uuid = $1', [visitor.uuid]);
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: visitor.uuid }, consoleToken)).body.error_code).toBe(40);
    });

    it('validates parameters', async () => {
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_GET_USER_INFO', { user_uuid: randomUUID() }, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: 1 }, consoleToken)).body.error_code).toBe(28);
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: server.appUuid, user_uuid: 'x' }, consoleToken)).body.error_code).toBe(44);
      expect((await server.api('PP_GET_USER_INFO', { app_uuid: other.appUuid, user_uuid: randomUUID() }, consoleToken)).body.error_code).toBe(20);
    });
  });

  describe('PP_GET_APP_SERVICE_USER_LIST', () => {
    it('lists agents with presence and group', async () => {
      const agent = await createAgent();
      const groupUuid = randomUUID();
      await server.dataSource.query(`INSERT INTO org_groups (uuid, app_uuid, group_name, user_count) VALUES ($1, $2, 'Sales', 1)`, [groupUuid, server.appUuid]);
      await server.dataSource.query('INSERT INTO org_group_users (app_uuid, user_uuid, group_uuid) VALUES ($1, $2, $3)', [server.appUuid, agent.uuid, groupUuid]);
      await server.dataSource.query(`INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype, device_is_online) VALUES ($1, $2, $3, $4, 'IOS', true)`, [randomUUID(), server.appUuid, agent.uuid, randomUUID()]);
      await createVisitor();

      const answer = await server.api('PP_GET_APP_SERVICE_USER_LIST', { app_uuid: server.appUuid }, await server.clientToken('PPCOM'));
      expect(answer.body.error_code).toBe(0);
      const list = answer.body.list as Record<string, any>[];
      expect(list.every((entry) => entry.is_service_user === true)).toBe(true);
      const entry = list.find((item) => item.uuid === agent.uuid)!;
      expect(entry.user_email).toBe(agent.email);
      expect(entry.user_fullname).toBe('Agent');
      expect(entry.updatetime).toMatch(DATETIME);
      expect(entry.is_mobile_online).toBe(true);
      expect(entry.is_browser_online).toBe(false);
      expect(entry.group).toEqual({ uuid: groupUuid, group_name: 'Sales' });
      expect(entry.is_distributor_user).toBe(true);
      expect(entry.service_user_status).toBe('READY');
      const admin = list.find((item) => item.uuid === server.bootstrap.admin.user_uuid)!;
      expect(admin.is_owner_user).toBe(true);
      expect(admin.group).toBeNull();
      expect(list.some((item) => item.uuid === other.ownerEmail)).toBe(false);
      const names = list.map((item) => item.user_fullname as string);
      expect([...names].sort()).toEqual(names);
    });

    it('validates parameters', async () => {
      expect((await server.api('PP_GET_APP_SERVICE_USER_LIST', {}, consoleToken)).body.error_code).toBe(6);
      expect((await server.api('PP_GET_APP_SERVICE_USER_LIST', { app_uuid: 1 }, consoleToken)).body.error_code).toBe(28);
      expect((await server.api('PP_GET_APP_SERVICE_USER_LIST', { app_uuid: other.appUuid }, consoleToken)).body.error_code).toBe(20);
    });
  });

  describe('PPKEFU_SET_SERVICE_USER_STATUS', () => {
    it('sets the status of the caller', async () => {
      const agent = await createAgent();
      const { token } = await server.passwordToken('PPKEFU', agent.email, agent.password);
      const answer = await server.api('PPKEFU_SET_SERVICE_USER_STATUS', { app_uuid: server.appUuid, user_uuid: agent.uuid, service_user_status: 'BUSY' }, token);
      expect(answer.body.error_code).toBe(0);
      const [row] = await server.dataSource.query('SELECT service_user_status FROM users WHERE uuid = $1', [agent.uuid]);
      expect(row.service_user_status).toBe('BUSY');
    });

    it('rejects others, visitors and bad values', async () => {
      const agent = await createAgent();
      const kefu = await server.passwordToken('PPKEFU');
      const thirdParty = await server.clientToken('THIRD_PARTY_KEFU');
      const visitor = await createVisitor();
      const body = { app_uuid: server.appUuid, user_uuid: agent.uuid, service_user_status: 'REST' };
      expect((await server.api('PPKEFU_SET_SERVICE_USER_STATUS', body, kefu.token)).body.error_code).toBe(20);
      expect((await server.api('PPKEFU_SET_SERVICE_USER_STATUS', { ...body, user_uuid: visitor.uuid }, thirdParty)).body.error_code).toBe(7);
      expect((await server.api('PPKEFU_SET_SERVICE_USER_STATUS', { ...body, service_user_status: 'AWAY' }, thirdParty)).body.error_code).toBe(44);
      expect((await server.api('PPKEFU_SET_SERVICE_USER_STATUS', { ...body, service_user_status: undefined }, thirdParty)).body.error_code).toBe(6);
      expect((await server.api('PPKEFU_SET_SERVICE_USER_STATUS', { ...body, service_user_status: 1 }, thirdParty)).body.error_code).toBe(28);
      expect((await server.api('PPKEFU_SET_SERVICE_USER_STATUS', { ...body, app_uuid: other.appUuid }, thirdParty)).body.error_code).toBe(20);
      expect((await server.api('PPKEFU_SET_SERVICE_USER_STATUS', body, consoleToken)).body.error_code).toBe(4);
      expect((await server.api('PPKEFU_SET_SERVICE_USER_STATUS', body, thirdParty)).body.error_code).toBe(0);
    });
  });
});

/** A second server, started after the first one closed, that trusts proxy headers. */
describe('client address behind a proxy', () => {
  let proxied: TestServer;

  beforeAll(async () => {
    proxied = await TestServer.start({ TRUST_PROXY: 'true' });
  });

  afterAll(async () => {
    await proxied.close();
  });

  it('public forwarded address is Unknown Area', async () => {
    const token = await proxied.clientToken('PPCOM');
    const answer = await proxied.api('PP_CREATE_ANONYMOUS', { app_uuid: proxied.appUuid, ppcom_trace_uuid: randomUUID() }, token, { headers: { 'x-forwarded-for': '8.8.8.8' } });
    expect(answer.body.user_fullname).toBe('Unknown Area.User');
  });

  it('public X-Real-Ip is Unknown Area', async () => {
    const token = await proxied.clientToken('PPCOM');
    const answer = await proxied.api('PP_CREATE_ANONYMOUS', { app_uuid: proxied.appUuid, ppcom_trace_uuid: randomUUID() }, token, { headers: { 'x-real-ip': '1.2.3.4' } });
    expect(answer.body.user_fullname).toBe('Unknown Area.User');
  });

  it('private forwarded address is Local Area', async () => {
    const token = await proxied.clientToken('PPCOM');
    const answer = await proxied.api('PP_CREATE_ANONYMOUS', { app_uuid: proxied.appUuid, ppcom_trace_uuid: randomUUID() }, token, { headers: { 'x-forwarded-for': '172.20.1.1' } });
    expect(answer.body.user_fullname).toBe('Local Area.User');
  });
});
