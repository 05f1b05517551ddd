import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CreateAnonymousHandler } from './commands/create-anonymous.handler';
import { CreateUserHandler } from './commands/create-user.handler';
import { GetUserUuidHandler } from './commands/get-user-uuid.handler';
import { RemoveUserHandler } from './commands/remove-user.handler';
import { SetServiceUserStatusHandler } from './commands/set-service-user-status.handler';
import { UpdateUserHandler } from './commands/update-user.handler';
import { AppUserEntity } from './entities/app-user.entity';
import { UserEntity } from './entities/user.entity';
import { GetAppServiceUserListHandler } from './queries/get-app-service-user-list.handler';
import { GetNoGroupUserListHandler } from './queries/get-no-group-user-list.handler';
import { GetUserInfoHandler } from './queries/get-user-info.handler';
import { GetYvobjectDetailHandler } from './queries/get-yvobject-detail.handler';
import { VerifyLoginHandler } from './queries/verify-login.handler';
import { UserAccountService } from './user-account.service';
import { UserDirectoryService } from './user-directory.service';
import { UserController } from './user.controller';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, AppUserEntity]), AuthModule],
  controllers: [UserController],
  providers: [
    UserAccountService,
    UserDirectoryService,
    VerifyLoginHandler,
    CreateAnonymousHandler,
    CreateUserHandler,
    RemoveUserHandler,
    UpdateUserHandler,
    GetUserUuidHandler,
    SetServiceUserStatusHandler,
    GetUserInfoHandler,
    GetAppServiceUserListHandler,
    GetNoGroupUserListHandler,
    GetYvobjectDetailHandler,
  ],
  exports: [UserAccountService, UserDirectoryService],
})
export class UserModule {}
