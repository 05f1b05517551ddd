import { parseArgs } from 'node:util';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './cli-error';

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-app --name NAME --owner-email EMAIL [--owner-password PASSWORD]
      Creates an app (team) with its five API keys. The owner is the agent with that email;
      an unknown email creates a new agent, with a generated password unless one is given.
      Prints JSON with app_uuid, the owner's user_uuid and api_keys.
  create-agent --app APP_UUID --email EMAIL --fullname NAME [--password PASSWORD] [--distributor]
      Creates an agent (service user) of the app. --distributor makes the agent receive new
      conversations under the BROADCAST route policy. Prints JSON with user_uuid, and the
      password when it was generated.
  rebuild-read-models [--app APP_UUID]
      Recomputes the conversation lists and the team inbox from the conversation and message
      tables, for one app or all apps. Prints JSON with the number of rows written.
  help
      Prints this text.

The CLI connects like the server: DATABASE_URL if set, else the embedded PostgreSQL in DATA_DIR
(which must not be in use by a running server). Logs go to stderr at LOG_LEVEL (default warn).
Build first: npm run build && npm run cli -- help
`;

export type CliCommand =
  | { name: 'help' }
  | { name: 'create-app'; appName: string; ownerEmail: string; ownerPassword: string | null }
  | { name: 'create-agent'; appUuid: string; email: string; fullname: string; password: string | null; distributor: boolean }
  | { name: 'rebuild-read-models'; appUuid: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MAX_NAME = 128;
const MAX_EMAIL = 254;
const MIN_PASSWORD = 8;

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

function parseOptions(command: string, args: string[], spec: OptionSpec): Record<string, string | boolean | undefined> {
  try {
    const { values, positionals } = parseArgs({ args, options: spec, strict: true, allowPositionals: true });
    if (positionals.length > 0) {
      throw new CliError(`${command}: unexpected argument ${positionals[0]}; options start with --`, EXIT_USAGE);
    }
    return values as Record<string, string | boolean | undefined>;
  } catch (error) {
    if (error instanceof CliError) {
      throw error;
    }
    throw new CliError(`${command}: ${(error as Error).message}`, EXIT_USAGE);
  }
}

function required(command: string, values: Record<string, string | boolean | undefined>, option: string): string {
  const value = values[option];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CliError(`${command}: --${option} is required`, EXIT_USAGE);
  }
  return value.trim();
}

function checkName(option: string, value: string): string {
  if ([...value].length > MAX_NAME) {
    throw new CliError(`--${option} is longer than ${MAX_NAME} characters`, EXIT_FAILURE);
  }
  return value;
}

function checkEmail(option: string, value: string): string {
  if (!EMAIL.test(value) || value.length > MAX_EMAIL) {
    throw new CliError(`--${option} ${JSON.stringify(value)} is not an email address`, EXIT_FAILURE);
  }
  return value;
}

function checkPassword(option: string, value: string | boolean | undefined): string | null {
  if (value === undefined) {
    return null;
  }
  if (typeof value !== 'string' || value.length < MIN_PASSWORD) {
    throw new CliError(`--${option} is shorter than ${MIN_PASSWORD} characters; choose a longer one or omit it to get a generated one`, EXIT_FAILURE);
  }
  return value;
}

/** Parses the arguments after `npm run cli --`; throws CliError with exit code 2 on a usage mistake. */
export function parseCliArgs(argv: string[]): CliCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      return { name: 'help' };
    case 'create-app': {
      const values = parseOptions(command, rest, { name: { type: 'string' }, 'owner-email': { type: 'string' }, 'owner-password': { type: 'string' } });
      const appName = required(command, values, 'name');
      const ownerEmail = required(command, values, 'owner-email');
      return {
        name: command,
        appName: checkName('name', appName),
        ownerEmail: checkEmail('owner-email', ownerEmail),
        ownerPassword: checkPassword('owner-password', values['owner-password']),
      };
    }
    case 'create-agent': {
      const values = parseOptions(command, rest, {
        app: { type: 'string' },
        email: { type: 'string' },
        fullname: { type: 'string' },
        password: { type: 'string' },
        distributor: { type: 'boolean' },
      });
      const appUuid = required(command, values, 'app');
      const email = required(command, values, 'email');
      const fullname = required(command, values, 'fullname');
      if (!UUID.test(appUuid)) {
        throw new CliError(`--app ${JSON.stringify(appUuid)} is not a uuid; pass the app_uuid printed by create-app`, EXIT_FAILURE);
      }
      return {
        name: command,
        appUuid: appUuid.toLowerCase(),
        email: checkEmail('email', email),
        fullname: checkName('fullname', fullname),
        password: checkPassword('password', values.password),
        distributor: values.distributor === true,
      };
    }
    case 'rebuild-read-models': {
      const values = parseOptions(command, rest, { app: { type: 'string' } });
      const appUuid = typeof values.app === 'string' ? values.app.trim() : null;
      if (appUuid !== null && !UUID.test(appUuid)) {
        throw new CliError(`--app ${JSON.stringify(appUuid)} is not a uuid`, EXIT_FAILURE);
      }
      return { name: command, appUuid: appUuid?.toLowerCase() ?? null };
    }
    case undefined:
      throw new CliError('no command given', EXIT_USAGE);
    default:
      throw new CliError(`unknown command ${JSON.stringify(command)}`, EXIT_USAGE);
  }
}
