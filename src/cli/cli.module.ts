import { DynamicModule, Module } from '@nestjs/common';
import { RootModule } from '../app.module';
import { AppConfig } from '../config/app-config';
import { AppModule } from '../modules/app/app.module';
import { UserModule } from '../modules/user/user.module';
import { CreateAgentHandler } from './commands/create-agent.handler';
import { CreateAppWithOwnerHandler } from './commands/create-app-with-owner.handler';

/** The server's modules plus the operator commands, for an application context without HTTP. */
@Module({})
export class CliModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [RootModule.register(config, databaseUrl), AppModule, UserModule],
      providers: [CreateAppWithOwnerHandler, CreateAgentHandler],
    };
  }
}
