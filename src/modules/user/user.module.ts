import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppUserEntity } from './entities/app-user.entity';
import { UserEntity } from './entities/user.entity';
import { VerifyLoginHandler } from './queries/verify-login.handler';
import { UserAccountService } from './user-account.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, AppUserEntity])],
  providers: [UserAccountService, VerifyLoginHandler],
  exports: [UserAccountService],
})
export class UserModule {}
