import { Module } from '@nestjs/common';
import { AppModule } from '../modules/app/app.module';
import { UserModule } from '../modules/user/user.module';
import { BootstrapService } from './bootstrap.service';

@Module({
  imports: [AppModule, UserModule],
  providers: [BootstrapService],
  exports: [BootstrapService],
})
export class SetupModule {}
