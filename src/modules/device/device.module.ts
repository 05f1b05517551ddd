import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserModule } from '../user/user.module';
import { CreateDeviceHandler } from './commands/create-device.handler';
import { KefuLoginHandler } from './commands/kefu-login.handler';
import { KefuLogoutHandler } from './commands/kefu-logout.handler';
import { UpdateDeviceHandler } from './commands/update-device.handler';
import { DeviceController } from './device.controller';
import { DeviceEntity } from './entities/device.entity';

@Module({
  imports: [TypeOrmModule.forFeature([DeviceEntity]), UserModule],
  controllers: [DeviceController],
  providers: [CreateDeviceHandler, UpdateDeviceHandler, KefuLoginHandler, KefuLogoutHandler],
})
export class DeviceModule {}
