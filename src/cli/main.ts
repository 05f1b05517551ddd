import 'reflect-metadata';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import pino from 'pino';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../common/database/embedded-postgres';
import { runMigrations } from '../common/database/migrate';
import { configureLogging, NestPinoLogger } from '../common/logging/logger';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { CliCommand, parseCliArgs, USAGE } from './cli-args';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './cli-error';
import { CliModule } from './cli.module';
import { CreateAgentCommand } from './commands/create-agent.command';
import { RebuildReadModelsCommand } from '../modules/conversation/commands/rebuild-read-models.command';
import { CreateAppWithOwnerCommand } from './commands/create-app-with-owner.command';

function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

function dispatch(commandBus: CommandBus, command: Exclude<CliCommand, { name: 'help' }>): Promise<unknown> {
  switch (command.name) {
    case 'create-app':
      return commandBus.execute(new CreateAppWithOwnerCommand(command.appName, command.ownerEmail, command.ownerPassword));
    case 'create-agent':
      return commandBus.execute(new CreateAgentCommand(command.appUuid, command.email, command.fullname, command.password, command.distributor));
    case 'rebuild-read-models':
      return commandBus.execute(new RebuildReadModelsCommand(command.appUuid));
  }
}

/** Connects like the server (DATABASE_URL or the embedded PostgreSQL), runs one command, disconnects. */
async function runCommand(config: AppConfig, command: Exclude<CliCommand, { name: 'help' }>): Promise<unknown> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let context: INestApplicationContext | undefined;
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'postgres'), config.embeddedPostgresPort).catch((error: unknown) => {
        throw new CliError(
          `could not start the embedded PostgreSQL in ${config.dataDir} (${(error as Error).message}); ` +
            'stop the server using that DATA_DIR or set DATABASE_URL',
        );
      });
      databaseUrl = embedded.url;
    }
    await runMigrations(databaseUrl);
    context = await NestFactory.createApplicationContext(CliModule.register(config, databaseUrl), { logger: new NestPinoLogger(), abortOnError: false });
    return await dispatch(context.get(CommandBus), command);
  } finally {
    await context?.close();
    await embedded?.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`Error: ${error.message}\n\n${error.exitCode === EXIT_USAGE ? USAGE : ''}`);
      return error.exitCode;
    }
    throw error;
  }
  if (command.name === 'help') {
    await writeOut(USAGE);
    return 0;
  }

  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  // stdout carries the command's JSON only, so logs go to stderr.
  configureLogging({ level: process.env.LOG_LEVEL ? config.logLevel : 'warn', format: 'json', destination: pino.destination(2) });

  try {
    const result = await runCommand(config, command);
    await writeOut(JSON.stringify(result, null, 2) + '\n');
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`Error: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`Error: ${command.name} failed: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Error: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(EXIT_FAILURE);
  },
);
