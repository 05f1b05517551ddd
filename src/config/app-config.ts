import * as path from 'node:path';

/** Token lifetimes in seconds, one per API level that a grant can produce. */
export interface TokenLifetimes {
  PPCOM: number;
  PPKEFU: number;
  PPCONSOLE: number;
  PPCONSOLE_BEFORE_LOGIN: number;
  THIRD_PARTY_KEFU: number;
  THIRD_PARTY_CONSOLE: number;
}

export interface AppConfig {
  port: number;
  host: string;
  /** Address written to bootstrap.json and used in identicon URLs. */
  publicUrl: string;
  dataDir: string;
  /** Unset means: start an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  /** Redis for real-time fan-out between nodes; unset means a single node, and no Redis client is loaded. */
  redisUrl: string | undefined;
  /** Port of the embedded PostgreSQL; 0 picks a free one. */
  embeddedPostgresPort: number;
  databasePoolSize: number;
  /** Maximum number of messages one send statement stores. Concurrent sends are written together up to this many. */
  sendBatchLimit: number;
  /** Number of send statements one node runs at once. Sends that arrive meanwhile wait and form the next batch. */
  sendStatementLimit: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logFormat: 'json' | 'pretty';
  /** Maximum request body size in bytes. */
  bodyLimit: number;
  tokenLifetimes: TokenLifetimes;
  tokenCacheSize: number;
  tokenCacheTtlMs: number;
  /** Take the client address from X-Forwarded-For / X-Real-Ip. */
  trustProxy: boolean;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Grace period for in-flight requests on SIGTERM/SIGINT, in milliseconds. */
  shutdownTimeoutMs: number;
  /** Where uploaded files live; `s3` needs the `s3` settings. */
  fileStorage: 'local' | 's3';
  /** Largest accepted upload, in bytes. */
  fileSizeLimit: number;
  /** Uploads per minute allowed to one token or one anonymous visitor at one address. */
  uploadRatePerMinute: number;
  s3: S3Settings;
}

/** An S3-compatible object store (AWS S3, MinIO, Ceph...). */
export interface S3Settings {
  endpoint: string | undefined;
  bucket: string | undefined;
  region: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
}

/** A configuration value that cannot be used; the message names the variable and the fix. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DAY = 24 * 60 * 60;

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not a whole number; set it to an integer between ${min} and ${max}.`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(`${name}=${raw} is out of range; set it to an integer between ${min} and ${max}.`);
  }
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  const normalized = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalized)) {
    return true;
  }
  if (['0', 'false', 'no', 'off'].includes(normalized)) {
    return false;
  }
  throw new ConfigError(`${name}=${JSON.stringify(raw)} is not a boolean; use true or false.`);
}

function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  const value = raw.trim().toLowerCase() as T;
  if (!allowed.includes(value)) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is invalid; use one of: ${allowed.join(', ')}.`);
  }
  return value;
}

function readDatabaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL; use postgres://USER:PASSWORD@HOST:PORT/DATABASE.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL has the scheme ${url.protocol}; use postgres://USER:PASSWORD@HOST:PORT/DATABASE.`);
  }
  return raw;
}

function readRedisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL is not a valid URL; use redis://HOST:PORT or rediss://HOST:PORT.');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`REDIS_URL has the scheme ${url.protocol}; use redis://HOST:PORT or rediss://HOST:PORT.`);
  }
  return raw;
}

function readPublicUrl(env: Env, host: string, port: number): string {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) {
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    return `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  }
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error('scheme');
    }
  } catch {
    throw new ConfigError(`PUBLIC_URL=${JSON.stringify(raw)} is not an http(s) URL; use for example https://chat.example.com.`);
  }
  return raw.replace(/\/+$/, '');
}

function readTokenLifetimes(env: Env): TokenLifetimes {
  const longDefault = 30 * DAY;
  return {
    PPCOM: readInteger(env, 'TOKEN_TTL_PPCOM', DAY, 60, 365 * DAY),
    PPKEFU: readInteger(env, 'TOKEN_TTL_PPKEFU', longDefault, 60, 365 * DAY),
    PPCONSOLE: readInteger(env, 'TOKEN_TTL_PPCONSOLE', longDefault, 60, 365 * DAY),
    PPCONSOLE_BEFORE_LOGIN: readInteger(env, 'TOKEN_TTL_PPCONSOLE_BEFORE_LOGIN', longDefault, 60, 365 * DAY),
    THIRD_PARTY_KEFU: readInteger(env, 'TOKEN_TTL_THIRD_PARTY_KEFU', longDefault, 60, 365 * DAY),
    THIRD_PARTY_CONSOLE: readInteger(env, 'TOKEN_TTL_THIRD_PARTY_CONSOLE', DAY, 60, 365 * DAY),
  };
}

function readS3Settings(env: Env, storage: 'local' | 's3'): S3Settings {
  const settings: S3Settings = {
    endpoint: env.S3_ENDPOINT?.trim() || undefined,
    bucket: env.S3_BUCKET?.trim() || undefined,
    region: env.S3_REGION?.trim() || 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID?.trim() || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle: readBoolean(env, 'S3_FORCE_PATH_STYLE', false),
  };
  if (storage === 's3' && settings.bucket === undefined) {
    throw new ConfigError('FILE_STORAGE=s3 needs S3_BUCKET; set it to the bucket that holds uploaded files.');
  }
  if (settings.endpoint !== undefined && !/^https?:\/\//.test(settings.endpoint)) {
    throw new ConfigError(`S3_ENDPOINT=${JSON.stringify(settings.endpoint)} is not an http(s) URL.`);
  }
  return settings;
}

/** Builds the validated configuration from environment variables; throws ConfigError on a bad value. */
export function loadConfig(env: Env = process.env): AppConfig {
  const port = readInteger(env, 'PORT', 8945, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const adminEmail = env.ADMIN_EMAIL?.trim() || undefined;
  if (adminEmail !== undefined && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError(`ADMIN_EMAIL=${JSON.stringify(adminEmail)} is not an email address.`);
  }
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  const fileStorage = readEnum(env, 'FILE_STORAGE', ['local', 's3'] as const, 'local');
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD is shorter than 8 characters; choose a longer one or leave it unset to get a random one.');
  }

  return {
    port,
    host,
    publicUrl: readPublicUrl(env, host, port),
    dataDir: path.resolve(env.DATA_DIR?.trim() || './.data'),
    databaseUrl: readDatabaseUrl(env),
    redisUrl: readRedisUrl(env),
    embeddedPostgresPort: readInteger(env, 'EMBEDDED_PG_PORT', 0, 0, 65535),
    databasePoolSize: readInteger(env, 'DATABASE_POOL_SIZE', 10, 1, 500),
    sendBatchLimit: readInteger(env, 'SEND_BATCH_LIMIT', 32, 1, 1000),
    sendStatementLimit: readInteger(env, 'SEND_STATEMENT_LIMIT', 2, 1, 500),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: readEnum(env, 'LOG_FORMAT', ['json', 'pretty'] as const, process.stdout.isTTY ? 'pretty' : 'json'),
    bodyLimit: readInteger(env, 'BODY_LIMIT', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    tokenLifetimes: readTokenLifetimes(env),
    tokenCacheSize: readInteger(env, 'TOKEN_CACHE_SIZE', 10000, 0, 10_000_000),
    tokenCacheTtlMs: readInteger(env, 'TOKEN_CACHE_TTL_MS', 30000, 0, 3_600_000),
    trustProxy: readBoolean(env, 'TRUST_PROXY', false),
    adminEmail,
    adminPassword,
    shutdownTimeoutMs: readInteger(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    fileStorage,
    fileSizeLimit: readInteger(env, 'FILE_SIZE_LIMIT', 20 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024),
    uploadRatePerMinute: readInteger(env, 'UPLOAD_RATE_PER_MINUTE', 30, 1, 100000),
    s3: readS3Settings(env, fileStorage),
  };
}

/** Nest injection token of the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
