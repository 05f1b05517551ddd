import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { AppModule } from './modules/app/app.module';
import { AuthModule } from './modules/auth/auth.module';
import { ConversationModule } from './modules/conversation/conversation.module';
import { DeviceModule } from './modules/device/device.module';
import { FileModule } from './modules/file/file.module';
import { MessageModule } from './modules/message/message.module';
import { OrgGroupModule } from './modules/org-group/org-group.module';
import { OutboxModule } from './modules/outbox/outbox.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { UserModule } from './modules/user/user.module';
import { WaitingQueueModule } from './modules/waiting-queue/waiting-queue.module';
import { SetupModule } from './setup/setup.module';

/** The whole server. The database URL is resolved before Nest starts (embedded or DATABASE_URL). */
@Module({})
export class RootModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: RootModule,
      imports: [
        {
          module: ConfigHolderModule,
          global: true,
          providers: [{ provide: APP_CONFIG, useValue: config }],
          exports: [APP_CONFIG],
        },
        CqrsModule.forRoot(),
        DiscoveryModule,
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          logging: false,
          // Idle connections are kept for five minutes (node-postgres closes them after ten seconds
          // by default), so a lull does not make the next burst pay for new logins.
          extra: { max: config.databasePoolSize, idleTimeoutMillis: 300_000, application_name: 'ppmessage-backend' },
        }),
        AuthModule,
        UserModule,
        DeviceModule,
        AppModule,
        OrgGroupModule,
        ConversationModule,
        MessageModule,
        OutboxModule,
        FileModule,
        RealtimeModule,
        WaitingQueueModule,
        SetupModule,
      ],
    };
  }
}

@Module({})
class ConfigHolderModule {}
