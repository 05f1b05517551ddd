import { hashToken, TokenService } from '../src/modules/auth/token.service';
import { createOtherApp, sha1, TestServer } from './support/test-server';

describe('POST /ppauth/token', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(async () => {
    await server.close();
  });

  const keys = () => server.bootstrap.api_keys;

  it.each(['PPCOM', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'] as const)('client_credentials grants a token for %s', async (level) => {
    const answer = await server.tokenRequest({ grant_type: 'client_credentials', client_id: keys()[level].api_key, client_secret: keys()[level].api_secret });
    expect(answer.status).toBe(200);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.token_type).toBe('Bearer');
    expect(typeof answer.body.access_token).toBe('string');
    expect(answer.body.access_token.length).toBeGreaterThanOrEqual(43);
    expect(answer.body.user_uuid).toBeUndefined();
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('client_credentials lifetimes follow the level defaults', async () => {
    const ppcom = await server.tokenRequest({ grant_type: 'client_credentials', client_id: keys().PPCOM.api_key, client_secret: keys().PPCOM.api_secret });
    const console = await server.tokenRequest({ grant_type: 'client_credentials', client_id: keys().PPCONSOLE.api_key, client_secret: keys().PPCONSOLE.api_secret });
    expect(ppcom.body.expires_in).toBe(24 * 3600);
    expect(console.body.expires_in).toBe(30 * 24 * 3600);
  });

  it('PPCONSOLE client_credentials gives a before-login token', async () => {
    const token = await server.clientToken('PPCONSOLE');
    const principal = await server.app.get(TokenService).authenticate(token);
    expect(principal?.level).toBe('PPCONSOLE_BEFORE_LOGIN');
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token);
    expect(answer.body.error_code).toBe(4);
  });

  it('accepts a JSON body as well as a form body', async () => {
    const answer = await server.tokenRequest({ grant_type: 'client_credentials', client_id: keys().PPCOM.api_key, client_secret: keys().PPCOM.api_secret }, 'json');
    expect(answer.status).toBe(200);
    expect(answer.body.error_code).toBe(0);
  });

  it('PPKEFU key is refused for client_credentials', async () => {
    const answer = await server.tokenRequest({ grant_type: 'client_credentials', client_id: keys().PPKEFU.api_key, client_secret: keys().PPKEFU.api_secret });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('unsupported_grant_type');
    expect(typeof answer.body.error_description).toBe('string');
  });

  it.each(['PPKEFU', 'PPCONSOLE'] as const)('password grant for %s returns user_uuid', async (level) => {
    const answer = await server.tokenRequest({
      grant_type: 'password',
      client_id: keys()[level].api_key,
      client_secret: keys()[level].api_secret,
      user_email: server.bootstrap.admin.user_email,
      user_password: sha1(server.bootstrap.admin.user_password),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.user_uuid).toBe(server.bootstrap.admin.user_uuid);
    expect(answer.body.token_type).toBe('Bearer');
    expect(answer.body.expires_in).toBe(30 * 24 * 3600);
  });

  it('password grant matches the email case-insensitively', async () => {
    const { userUuid } = await server.passwordToken('PPKEFU', server.bootstrap.admin.user_email.toUpperCase());
    expect(userUuid).toBe(server.bootstrap.admin.user_uuid);
  });

  it.each([
    ['wrong password', { user_password: sha1('not the password') }, 'invalid_grant'],
    ['plain password instead of sha1', { user_password: 'plain-text' }, 'invalid_grant'],
    ['unknown email', { user_email: 'nobody@example.test' }, 'invalid_grant'],
    ['missing email', { user_email: '' }, 'invalid_request'],
    ['wrong secret', { client_secret: 'wrong' }, 'invalid_client'],
    ['unknown client', { client_id: 'unknown-client' }, 'invalid_client'],
    ['missing client_id', { client_id: '' }, 'invalid_request'],
    ['missing grant_type', { grant_type: '' }, 'invalid_request'],
    ['authorization_code grant', { grant_type: 'authorization_code' }, 'unsupported_grant_type'],
  ])('password grant rejects %s', async (_case, override, error) => {
    const fields: Record<string, string> = {
      grant_type: 'password',
      client_id: keys().PPKEFU.api_key,
      client_secret: keys().PPKEFU.api_secret,
      user_email: server.bootstrap.admin.user_email,
      user_password: sha1(server.bootstrap.admin.user_password),
      ...override,
    };
    const answer = await server.tokenRequest(fields);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(error);
    expect(answer.body.access_token).toBeUndefined();
  });

  it('password grant refuses a user of another app', async () => {
    const other = await createOtherApp(server);
    const answer = await server.tokenRequest({
      grant_type: 'password',
      client_id: keys().PPKEFU.api_key,
      client_secret: keys().PPKEFU.api_secret,
      user_email: other.ownerEmail,
      user_password: sha1(other.ownerPassword),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_grant');
  });

  it('password grant rejects a THIRD_PARTY_CONSOLE key', async () => {
    const answer = await server.tokenRequest({
      grant_type: 'password',
      client_id: keys().THIRD_PARTY_CONSOLE.api_key,
      client_secret: keys().THIRD_PARTY_CONSOLE.api_secret,
      user_email: server.bootstrap.admin.user_email,
      user_password: sha1(server.bootstrap.admin.user_password),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('unsupported_grant_type');
  });

  it('rejects a body that is neither form nor JSON', async () => {
    const response = await fetch(`${server.baseUrl}/ppauth/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'grant_type=client_credentials' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Record<string, string>).error).toBe('invalid_request');
  });

  it('stores only a hash of the token', async () => {
    const token = await server.clientToken('PPCOM');
    const rows = await server.dataSource.query('SELECT token_hash FROM api_tokens WHERE token_hash = $1', [hashToken(token)]);
    expect(rows).toHaveLength(1);
    const leaked = await server.dataSource.query(`SELECT count(*)::int AS count FROM api_tokens WHERE token_hash = $1`, [token]);
    expect(leaked[0].count).toBe(0);
  });

  it('expired token is rejected with 4', async () => {
    const token = await server.clientToken('THIRD_PARTY_CONSOLE');
    await server.dataSource.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashToken(token)]);
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token);
    expect(answer.body.error_code).toBe(4);
  });

  it('revoked token stops working at once', async () => {
    const { token, userUuid } = await server.passwordToken('PPCONSOLE');
    expect((await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token)).body.error_code).toBe(0);
    await server.app.get(TokenService).revokeUserTokens(userUuid);
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token);
    expect(answer.body.error_code).toBe(4);
    expect(answer.body.error_string).toBe('wrong access token.');
  });
});
