import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { AppProvisioningService } from './app-provisioning.service';
import { AppController } from './app.controller';
import { AppEntity } from './entities/app.entity';
import { GetAppInfoHandler } from './queries/get-app-info.handler';

@Module({
  imports: [TypeOrmModule.forFeature([AppEntity]), AuthModule],
  controllers: [AppController],
  providers: [AppProvisioningService, GetAppInfoHandler],
  exports: [AppProvisioningService],
})
export class AppModule {}
