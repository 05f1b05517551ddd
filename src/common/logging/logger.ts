import { LoggerService } from '@nestjs/common';
import pino, { Logger as PinoLogger } from 'pino';
import { currentRequestContext } from './request-context';

/**
 * Keys whose values never reach a log line, wherever they appear in a logged object.
 * Log calls should not pass secrets at all; this is the second line of defence.
 */
const REDACTED_KEYS = [
  'password',
  'user_password',
  'old_password',
  'new_password',
  'api_secret',
  'app_secret',
  'client_secret',
  'identity_secret',
  'access_token',
  'api_token',
  'token',
  'authorization',
];

let root: PinoLogger = pino({ level: 'silent' });

/** Configures the process-wide logger; call once at start, before anything logs. */
export function configureLogging(options: { level: string; format: 'json' | 'pretty'; destination?: pino.DestinationStream }): void {
  const redactPaths = [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`)];
  const base = {
    level: options.level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: '[redacted]' },
    mixin() {
      const context = currentRequestContext();
      if (!context) {
        return {};
      }
      return context.principalId
        ? { request_id: context.requestId, principal_id: context.principalId }
        : { request_id: context.requestId };
    },
  };
  root =
    options.format === 'pretty'
      ? pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true } } })
      : options.destination
        ? pino(base, options.destination)
        : pino(base);
}

/** A logger for one class or component; every line carries `context` and the request id. */
export function createLogger(context: string): PinoLogger {
  return root.child({ context });
}

/** Routes Nest's own framework messages into the same structured log. */
export class NestPinoLogger implements LoggerService {
  private readonly logger = () => root;

  log(message: unknown, context?: string): void {
    this.logger().info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.logger().error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger().warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger().debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger().trace({ context }, String(message));
  }
}
