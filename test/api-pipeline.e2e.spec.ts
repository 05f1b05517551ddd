import { capturedLogLines, createOtherApp, TestServer } from './support/test-server';

describe('API request pipeline', () => {
  let server: TestServer;
  let consoleToken: string;

  beforeAll(async () => {
    server = await TestServer.start();
    consoleToken = (await server.passwordToken('PPCONSOLE')).token;
  });

  afterAll(async () => {
    await server.close();
  });

  const appInfo = (token?: string, init?: Parameters<TestServer['api']>[3]) => server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, token, init);

  it.each(['OAuth', 'oauth', 'Bearer', 'BEARER'])('accepts the %s scheme', async (scheme) => {
    const answer = await appInfo(consoleToken, { scheme });
    expect(answer.status).toBe(200);
    expect(answer.body.error_code).toBe(0);
    expect(answer.body.uri).toBe('/PP_GET_APP_INFO');
  });

  it('missing Authorization header is 3', async () => {
    const answer = await appInfo(undefined);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ error_code: 3, error_string: 'no such access token.', uri: '/PP_GET_APP_INFO' });
  });

  it.each([['Basic abc'], ['OAuth'], ['OAuth a b'], ['token-without-scheme']])('malformed header %j is 3', async (header) => {
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid }, undefined, { headers: { authorization: header } });
    expect(answer.body.error_code).toBe(3);
  });

  it('unknown token is 4', async () => {
    const answer = await appInfo('not-a-real-token');
    expect(answer.body).toEqual({ error_code: 4, error_string: 'wrong access token.', uri: '/PP_GET_APP_INFO' });
  });

  it('level not allowed on the route is 4', async () => {
    const beforeLogin = await server.clientToken('PPCONSOLE');
    const answer = await appInfo(beforeLogin);
    expect(answer.body.error_code).toBe(4);
    expect(capturedLogLines.some((line) => line.includes('api level not allowed on route') && line.includes('PPCONSOLE_BEFORE_LOGIN'))).toBe(true);
  });

  it("another app's app_uuid is 20", async () => {
    const other = await createOtherApp(server);
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: other.appUuid }, consoleToken);
    expect(answer.body).toEqual({ error_code: 20, error_string: 'no such permission.', uri: '/PP_GET_APP_INFO' });
    expect(answer.body.app_name).toBeUndefined();
  });

  it('unknown well-formed app_uuid is 20, not a lookup', async () => {
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: '00000000-0000-4000-8000-000000000000' }, consoleToken);
    expect(answer.body.error_code).toBe(20);
  });

  it('missing app_uuid is 6', async () => {
    const answer = await server.api('PP_GET_APP_INFO', {}, consoleToken);
    expect(answer.body.error_code).toBe(6);
    expect(answer.body.error_string).toBe('required parameter not provided.');
  });

  it.each([[5], [true], [['x']], [{ a: 1 }]])('app_uuid of wrong type %j is 28', async (value) => {
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: value }, consoleToken);
    expect(answer.body.error_code).toBe(28);
    expect(answer.body.error_string).toBe('wrong type of para.');
  });

  it('malformed app_uuid is 44', async () => {
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: 'not-a-uuid' }, consoleToken);
    expect(answer.body.error_code).toBe(44);
  });

  it('unknown body keys are ignored', async () => {
    const answer = await server.api('PP_GET_APP_INFO', { app_uuid: server.appUuid, surprise: [1, 2] }, consoleToken);
    expect(answer.body.error_code).toBe(0);
  });

  it.each([
    ['text/plain body', 'text/plain', '{"app_uuid":"x"}'],
    ['invalid JSON', 'application/json', '{"app_uuid":'],
    ['JSON array', 'application/json', '[1,2]'],
    ['JSON string', 'application/json', '"x"'],
    ['empty body', 'application/json', ''],
    ['form body', 'application/x-www-form-urlencoded', 'app_uuid=x'],
  ])('%s is 1, checked before the token', async (_case, contentType, body) => {
    const response = await fetch(`${server.baseUrl}/api/PP_GET_APP_INFO`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ error_code: 1, error_string: 'request not json.', uri: '/PP_GET_APP_INFO' });
  });

  it('GET on an API route is 1', async () => {
    const response = await fetch(`${server.baseUrl}/api/PP_GET_APP_INFO`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Record<string, unknown>).error_code).toBe(1);
  });

  it('oversized body is 413 with 44', async () => {
    const big = JSON.stringify({ app_uuid: server.appUuid, padding: 'x'.repeat(1024 * 1024 + 10) });
    const response = await fetch(`${server.baseUrl}/api/PP_GET_APP_INFO`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `OAuth ${consoleToken}` }, body: big });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error_code: 44, error_string: 'invalid value of para.', uri: '/PP_GET_APP_INFO' });
  });

  it('unknown route is 404 with 21', async () => {
    const answer = await server.api('PP_NO_SUCH_THING', { app_uuid: server.appUuid }, consoleToken);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error_code: 21, error_string: 'no such action.', uri: '/PP_NO_SUCH_THING' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('CORS preflight answers with the headers and an empty body', async () => {
    const response = await fetch(`${server.baseUrl}/api/PP_GET_APP_INFO`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, GET, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization');
    expect(response.headers.get('access-control-max-age')).toBe('1728000');
    expect(await response.text()).toBe('');
  });

  it('every answer carries CORS and a request id', async () => {
    const answer = await appInfo(consoleToken);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed incoming request id', async () => {
    const answer = await appInfo(consoleToken, { headers: { 'x-request-id': 'trace-42' } });
    expect(answer.headers.get('x-request-id')).toBe('trace-42');
    expect(capturedLogLines.some((line) => line.includes('"request_id":"trace-42"'))).toBe(true);
  });

  it('unexpected failure is 500 with 17 and no stack', async () => {
    await server.dataSource.query('ALTER TABLE apps RENAME TO apps_moved');
    try {
      const answer = await appInfo(consoleToken);
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({ error_code: 17, error_string: 'system error.', uri: '/PP_GET_APP_INFO' });
      expect(JSON.stringify(answer.body)).not.toMatch(/relation|at |\.ts/);
    } finally {
      await server.dataSource.query('ALTER TABLE apps_moved RENAME TO apps');
    }
    const after = await appInfo(consoleToken);
    expect(after.body.error_code).toBe(0);
    expect(capturedLogLines.some((line) => line.includes('unexpected failure while handling request') && line.includes('"level":50'))).toBe(true);
  });

  it('logs never contain tokens, secrets or passwords', async () => {
    await appInfo(consoleToken);
    const secrets = [
      consoleToken,
      server.bootstrap.admin.user_password,
      ...Object.values(server.bootstrap.api_keys).map((pair) => pair.api_secret),
    ];
    for (const secret of secrets) {
      expect(capturedLogLines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});
