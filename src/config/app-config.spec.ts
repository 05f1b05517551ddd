import * as path from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8945);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicUrl).toBe('http://127.0.0.1:8945');
    expect(config.dataDir).toBe(path.resolve('./.data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.bodyLimit).toBe(1024 * 1024);
    expect(config.tokenLifetimes.PPCOM).toBe(86400);
    expect(config.tokenLifetimes.THIRD_PARTY_CONSOLE).toBe(86400);
    expect(config.tokenLifetimes.PPKEFU).toBe(30 * 86400);
    expect(config.trustProxy).toBe(false);
    expect(config.sendBatchLimit).toBe(32);
    expect(config.sendStatementLimit).toBe(2);
  });

  it('shows loopback in the public URL when listening on all interfaces', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '9000' }).publicUrl).toBe('http://127.0.0.1:9000');
  });

  it.each([
    [{ PORT: '70000' }, /PORT=70000 is out of range/],
    [{ PORT: '12a' }, /PORT="12a" is not a whole number/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY="maybe" is not a boolean/],
    [{ LOG_LEVEL: 'chatty' }, /LOG_LEVEL="chatty" is invalid/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://host/db' }, /DATABASE_URL has the scheme mysql:/],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL is not a valid URL/],
    [{ REDIS_URL: 'http://redis:6379' }, /REDIS_URL has the scheme http:/],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL="ftp:\/\/x" is not an http\(s\) URL/],
    [{ ADMIN_EMAIL: 'nope' }, /ADMIN_EMAIL="nope" is not an email address/],
    [{ ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD is shorter than 8 characters/],
    [{ TOKEN_TTL_PPCOM: '5' }, /TOKEN_TTL_PPCOM=5 is out of range/],
    [{ SEND_BATCH_LIMIT: '0' }, /SEND_BATCH_LIMIT=0 is out of range/],
    [{ SEND_STATEMENT_LIMIT: 'two' }, /SEND_STATEMENT_LIMIT="two" is not a whole number/],
  ])('rejects %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
