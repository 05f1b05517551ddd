import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { UserModule } from '../user/user.module';
import { AppProvisioningService } from './app-provisioning.service';
import { AppController } from './app.controller';
import { CreateAppHandler } from './commands/create-app.handler';
import { UpdateAppInfoHandler } from './commands/update-app-info.handler';
import { AppEntity } from './entities/app.entity';
import { GetAppInfoHandler } from './queries/get-app-info.handler';

@Module({
  imports: [TypeOrmModule.forFeature([AppEntity]), AuthModule, UserModule],
  controllers: [AppController],
  providers: [AppProvisioningService, GetAppInfoHandler, CreateAppHandler, UpdateAppInfoHandler],
  exports: [AppProvisioningService],
})
export class AppModule {}
