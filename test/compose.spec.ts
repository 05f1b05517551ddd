import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { findFreePort } from '../src/common/database/embedded-postgres';
import { TestServer } from './support/test-server';

interface ValidationReport {
  errors: string[];
  warnings: string[];
}

interface DockerfileInstruction {
  line: number;
  keyword: string;
  argument: string;
}

type Env = Record<string, string | undefined>;

/** The exports of scripts/validate-compose.js, a CommonJS script without type declarations. */
interface ComposeValidator {
  validateComposeText(text: string, options: { projectDir: string; env?: Env }): ValidationReport;
  validateComposeFile(file: string, options?: { env?: Env }): ValidationReport;
  checkDockerfileText(text: string, label: string): string[];
  parseDockerfile(text: string): DockerfileInstruction[];
  interpolateString(text: string, env: Env, where: string, report: ValidationReport): string;
}

const validator = require('../scripts/validate-compose') as ComposeValidator;

const ROOT = path.resolve(__dirname, '..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const DOCKERFILE = path.join(ROOT, 'Dockerfile');

type ComposeTree = Record<string, any>;

/** The flags `npm start` gives node, which the image's CMD must give too. */
function startScriptNodeFlags(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

function readCompose(): ComposeTree {
  return parseDocument(fs.readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }).toJS() as ComposeTree;
}

function validateTree(compose: ComposeTree, env: Env = {}): string[] {
  return validator.validateComposeText(stringify(compose), { projectDir: ROOT, env }).errors;
}

function interpolate(text: string, env: Env): ValidationReport & { value: string } {
  const report: ValidationReport = { errors: [], warnings: [] };
  const value = validator.interpolateString(text, env, 'value', report);
  return { ...report, value };
}

/** Extracts the `node -e` script of the Dockerfile HEALTHCHECK from its exec-form CMD. */
function dockerHealthScript(): string {
  const instruction = validator.parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8')).find((item) => item.keyword === 'HEALTHCHECK');
  if (!instruction) {
    throw new Error('Dockerfile has no HEALTHCHECK');
  }
  const command = JSON.parse(instruction.argument.slice(instruction.argument.indexOf('CMD ') + 4)) as string[];
  expect(command.slice(0, 2)).toEqual(['node', '-e']);
  return command[2];
}

/** Runs the script in a child process without blocking, because the server under test shares this event loop. */
function runHealthScript(port: number): Promise<number | null> {
  const child = spawn(process.execPath, ['-e', dockerHealthScript()], { env: { PORT: String(port) }, stdio: 'ignore', timeout: 10_000 });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

describe('docker-compose.yml and Dockerfile', () => {
  it('repository files pass validation', () => {
    const report = validator.validateComposeFile(COMPOSE_FILE, { env: {} });
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('pass with variables set', () => {
    const env = { POSTGRES_PASSWORD: 'a-Long-secret-1', PUBLIC_URL: 'https://chat.example.com', ADMIN_PASSWORD: 'another-secret' };
    expect(validator.validateComposeFile(COMPOSE_FILE, { env }).errors).toEqual([]);
  });

  it('app wiring matches the server configuration', () => {
    const { services, volumes } = readCompose();
    expect(Object.keys(services).sort()).toEqual(['app', 'app2', 'postgres', 'redis']);
    expect(services.postgres.image).toBe('postgres:17');
    expect(services.redis.image).toBe('redis:7');
    expect(Object.keys(volumes).sort()).toEqual(['app-data', 'postgres-data']);

    for (const name of ['app', 'app2']) {
      const app = services[name];
      expect(app.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      expect(app.restart).toBe('unless-stopped');
      expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      expect(app.environment.REDIS_URL).toBe('redis://redis:6379');
      expect(app.environment.DATA_DIR).toBe('/data');
      expect(app.volumes).toEqual(['app-data:/data']);
      expect(app.healthcheck.test).toEqual(['CMD', 'node', '-e', dockerHealthScript()]);
    }
    expect(services.app.ports).toEqual(['8945:8945']);
    expect(services.app.deploy).toEqual({ replicas: 1 });
    expect(services.app.profiles).toBeUndefined();
    expect(services.app2.ports).toEqual(['8946:8945']);
    expect(services.app2.profiles).toEqual(['scale']);
  });

  it('database URL uses the password variable', () => {
    const { services } = readCompose();
    const url = services.app.environment.DATABASE_URL as string;
    expect(interpolate(url, {}).value).toBe('postgres://ppmessage:ppmessage@postgres:5432/ppmessage');
    expect(interpolate(url, { POSTGRES_PASSWORD: 's3cret' }).value).toBe('postgres://ppmessage:s3cret@postgres:5432/ppmessage');
    expect(services.postgres.environment.POSTGRES_PASSWORD).toBe('${POSTGRES_PASSWORD:-ppmessage}');
  });

  it('Dockerfile builds in stages and runs as node', () => {
    const instructions = validator.parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8'));
    const froms = instructions.filter((item) => item.keyword === 'FROM').map((item) => item.argument);
    expect(froms).toEqual(['${NODE_IMAGE} AS build', '${NODE_IMAGE} AS runtime']);
    const runtime = instructions.slice(instructions.findIndex((item) => item.argument === '${NODE_IMAGE} AS runtime'));
    const find = (keyword: string) => runtime.filter((item) => item.keyword === keyword).map((item) => item.argument);
    expect(find('RUN').some((command) => command.includes('npm ci --omit=dev'))).toBe(true);
    expect(find('USER')).toEqual(['node']);
    expect(find('ENV').join(' ')).toContain('HOST=0.0.0.0');
    expect(find('ENV').join(' ')).toContain('NODE_ENV=production');
    expect(find('EXPOSE')).toEqual(['8945']);
    expect(find('CMD')).toEqual([JSON.stringify(['node', ...startScriptNodeFlags(), 'dist/src/main.js']).replace(/","/g, '", "')]);
  });

  describe('broken copies fail', () => {
    const cases: Array<[string, (compose: ComposeTree) => void, string]> = [
      ['unknown service key', (c) => void (c.services.app.colour = 'blue'), 'services/app: contains the unknown key "colour"'],
      ['unknown top-level key', (c) => void (c.extras = {}), '(top level): contains the unknown key "extras"'],
      ['missing dependency', (c) => void (c.services.app.depends_on.cache = { condition: 'service_healthy' }), 'service "cache" is not defined'],
      ['invalid condition', (c) => void (c.services.app.depends_on.redis.condition = 'healthy'), 'must be equal to one of the allowed values'],
      ['undeclared volume', (c) => void delete c.volumes['app-data'], 'named volume "app-data" is not declared'],
      ['undeclared network', (c) => void (c.services.app.networks = ['backend']), '"backend" is not declared'],
      ['invalid duration', (c) => void (c.services.redis.healthcheck.interval = '5 seconds'), 'must match format "duration"'],
      ['invalid port', (c) => void (c.services.app.ports = ['http:8945']), 'must match format "ports"'],
      ['duplicate host port', (c) => void (c.services.app2.ports = ['8945:8945']), 'host port 8945/tcp is already published by service "app"'],
      ['replicas on fixed port', (c) => void (c.services.app.deploy.replicas = 2), 'service has 2 replicas'],
      ['dependency only in profile', (c) => void (c.services.redis.profiles = ['scale']), 'runs only with profile scale'],
      ['dependency cycle', (c) => void (c.services.postgres.depends_on = ['app']), 'depends_on forms a cycle'],
      ['no image or build', (c) => void delete c.services.redis.image, 'services/redis: sets neither image nor build'],
      ['invalid interpolation', (c) => void (c.services.app.environment.LOG_LEVEL = '${LOG LEVEL}'), 'invalid interpolation'],
      ['missing build context', (c) => void (c.services.app.build.context = './no-such-dir'), 'context directory'],
    ];

    it.each(cases)('%s', (_name, breakCompose, expected) => {
      const compose = readCompose();
      breakCompose(compose);
      const errors = validateTree(compose);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join('\n')).toContain(expected);
    });

    it('required variable that is unset', () => {
      const compose = readCompose();
      compose.services.postgres.environment.POSTGRES_PASSWORD = '${POSTGRES_PASSWORD:?set a database password}';
      expect(validateTree(compose)).toEqual([
        'services/postgres/environment/POSTGRES_PASSWORD: required variable POSTGRES_PASSWORD is missing: set a database password.',
      ]);
      expect(validateTree(compose, { POSTGRES_PASSWORD: 'set' })).toEqual([]);
    });

    it('invalid YAML', () => {
      const errors = validator.validateComposeText('services:\n  app: [unclosed\n', { projectDir: ROOT }).errors;
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]).toMatch(/^YAML: /);
    });
  });

  describe('Dockerfile checks', () => {
    const dockerfile = fs.readFileSync(DOCKERFILE, 'utf8');

    it('repository Dockerfile passes', () => {
      expect(validator.checkDockerfileText(dockerfile, 'Dockerfile')).toEqual([]);
    });

    it('root user fails', () => {
      const errors = validator.checkDockerfileText(dockerfile.replace(/^USER node$/m, 'USER root'), 'Dockerfile');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^Dockerfile:\d+: USER root runs the container as root/);
    });

    it('numeric root user fails', () => {
      expect(validator.checkDockerfileText(dockerfile.replace(/^USER node$/m, 'USER 0:0'), 'Dockerfile')).toHaveLength(1);
    });

    it('missing USER fails', () => {
      const errors = validator.checkDockerfileText(dockerfile.replace(/^USER node$/m, ''), 'Dockerfile');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('has no USER instruction');
    });

    it('USER in build stage only fails', () => {
      const text = 'FROM node:20 AS build\nUSER node\nFROM node:20-slim\nHEALTHCHECK CMD true\n';
      expect(validator.checkDockerfileText(text, 'Dockerfile').join('\n')).toContain('has no USER instruction');
    });

    it('missing HEALTHCHECK fails', () => {
      const withoutHealthcheck = dockerfile.replace(/^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, '');
      expect(withoutHealthcheck).not.toContain('HEALTHCHECK --');
      const errors = validator.checkDockerfileText(withoutHealthcheck, 'Dockerfile');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('has no HEALTHCHECK instruction');
    });

    it('HEALTHCHECK NONE fails', () => {
      const text = 'FROM node:20 AS build\nFROM node:20-slim\nUSER node\nHEALTHCHECK NONE\n';
      expect(validator.checkDockerfileText(text, 'Dockerfile').join('\n')).toContain('HEALTHCHECK NONE disables');
    });

    it('single stage fails', () => {
      const text = 'FROM node:20-slim\nUSER node\nHEALTHCHECK CMD true\n';
      const errors = validator.checkDockerfileText(text, 'Dockerfile');
      expect(errors).toEqual(['Dockerfile: has 1 FROM instruction(s); use a multi-stage build with a build stage and a runtime stage.']);
    });

    it('stage inherits USER and HEALTHCHECK', () => {
      const text = 'FROM node:20-slim AS base\nUSER node\nHEALTHCHECK CMD true\nFROM base AS runtime\nCMD ["node"]\n';
      expect(validator.checkDockerfileText(text, 'Dockerfile')).toEqual([]);
    });

    it('compose run reports a broken Dockerfile', () => {
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-check-'));
      try {
        fs.copyFileSync(COMPOSE_FILE, path.join(directory, 'docker-compose.yml'));
        fs.writeFileSync(path.join(directory, 'Dockerfile'), dockerfile.replace(/^USER node$/m, 'USER root'));
        const errors = validator.validateComposeFile(path.join(directory, 'docker-compose.yml')).errors;
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(/^Dockerfile:\d+: USER root/);
      } finally {
        fs.rmSync(directory, { recursive: true, force: true });
      }
    });
  });

  describe('interpolation', () => {
    const cases: Array<[string, Env, string]> = [
      ['${A:-fallback}', {}, 'fallback'],
      ['${A:-fallback}', { A: '' }, 'fallback'],
      ['${A-fallback}', { A: '' }, ''],
      ['${A:-${B:-nested}}', {}, 'nested'],
      ['${A:+set}', { A: 'x' }, 'set'],
      ['${A:+set}', { A: '' }, ''],
      ['${A+set}', { A: '' }, 'set'],
      ['$A/$${B}', { A: 'x' }, 'x/${B}'],
    ];

    it.each(cases)('%s with %j', (text, env, expected) => {
      const result = interpolate(text, env);
      expect(result.errors).toEqual([]);
      expect(result.value).toBe(expected);
    });

    it('unset variable warns', () => {
      const result = interpolate('${MISSING}', {});
      expect(result.value).toBe('');
      expect(result.warnings).toEqual(['value: variable MISSING is not set; Compose substitutes an empty string.']);
    });

    it('unterminated brace fails', () => {
      expect(interpolate('${A:-x', {}).errors[0]).toContain('unterminated "${"');
    });
  });

  describe('HEALTHCHECK script', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await TestServer.start();
    });

    afterAll(async () => {
      await server.close();
    });

    it('exits 0 against the server', async () => {
      expect(await runHealthScript(Number(new URL(server.baseUrl).port))).toBe(0);
    });

    it('exits 1 without a listener', async () => {
      expect(await runHealthScript(await findFreePort())).toBe(1);
    });
  });
});
