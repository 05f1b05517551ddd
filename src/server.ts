import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RootModule } from './app.module';
import { ApiExceptionFilter } from './common/http/api-exception.filter';
import { configureHttp, requestIdOf } from './common/http/http-setup';
import { ProtocolFastifyAdapter } from './common/http/protocol-fastify-adapter';
import { NestPinoLogger } from './common/logging/logger';
import { ProtocolValidationPipe } from './common/validation/protocol-validation.pipe';
import { AppConfig } from './config/app-config';
import { BootstrapService } from './setup/bootstrap.service';

export interface Server {
  app: NestFastifyApplication;
  /** Path of the bootstrap file when this start created the default app, else null. */
  bootstrapFile: string | null;
}

/**
 * Builds the Nest application on Fastify with the protocol's pipeline, and bootstraps an empty
 * database. The caller has already migrated the database and decides when to listen.
 */
export async function createServer(config: AppConfig, databaseUrl: string): Promise<Server> {
  const adapter = new ProtocolFastifyAdapter({
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestIdOf(request.headers),
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(RootModule.register(config, databaseUrl), adapter, {
    bodyParser: false,
    logger: new NestPinoLogger(),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  configureHttp(fastify);
  app.useGlobalFilters(new ApiExceptionFilter(() => fastify));
  app.useGlobalPipes(new ProtocolValidationPipe());
  await app.init();

  const bootstrapFile = await app.get(BootstrapService).bootstrapIfEmpty();
  return { app, bootstrapFile };
}
