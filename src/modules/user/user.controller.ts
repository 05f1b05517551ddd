import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { ALL_LEVELS, ApiLevel, CONSOLE_LEVELS, KEFU_LEVELS } from '../../common/auth/api-level';
import { ApiLevels, CurrentPrincipal } from '../../common/auth/api-levels.decorator';
import { Principal } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { clientAddress } from './client-address';
import { CreateAnonymousCommand } from './commands/create-anonymous.command';
import { CreateUserCommand } from './commands/create-user.command';
import { GetUserUuidCommand } from './commands/get-user-uuid.command';
import { RemoveUserCommand } from './commands/remove-user.command';
import { SetServiceUserStatusCommand } from './commands/set-service-user-status.command';
import { UpdateUserCommand } from './commands/update-user.command';
import { CreateAnonymousDto } from './dto/create-anonymous.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { GetAppServiceUserListDto } from './dto/get-app-service-user-list.dto';
import { GetUserInfoDto } from './dto/get-user-info.dto';
import { GetUserUuidDto } from './dto/get-user-uuid.dto';
import { GetYvobjectDetailDto } from './dto/get-yvobject-detail.dto';
import { RemoveUserDto } from './dto/remove-user.dto';
import { ServiceUserRefDto } from './dto/service-user-ref.dto';
import { SetServiceUserStatusDto } from './dto/set-service-user-status.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { GetAppServiceUserListQuery } from './queries/get-app-service-user-list.query';
import { GetNoGroupUserListQuery } from './queries/get-no-group-user-list.query';
import { GetUserInfoQuery } from './queries/get-user-info.query';
import { GetYvobjectDetailQuery } from './queries/get-yvobject-detail.query';

@Controller('api')
export class UserController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('PP_CREATE_ANONYMOUS')
  @HttpCode(200)
  @ApiLevels(ApiLevel.PPCOM)
  createAnonymous(@Body() body: CreateAnonymousDto, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest) {
    return this.commandBus.execute(new CreateAnonymousCommand(principal, body.ppcom_trace_uuid, clientAddress(request, this.config.trustProxy)));
  }

  @Post('PP_CREATE_USER')
  @HttpCode(200)
  @ApiLevels(...CONSOLE_LEVELS)
  createUser(@Body() body: CreateUserDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new CreateUserCommand(principal.appUuid, body));
  }

  @Post('PP_REMOVE_USER')
  @HttpCode(200)
  @ApiLevels(...CONSOLE_LEVELS)
  removeUser(@Body() body: RemoveUserDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new RemoveUserCommand(principal.appUuid, body.user_uuid, body.user_password));
  }

  @Post('PP_UPDATE_USER')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  updateUser(@Body() body: UpdateUserDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new UpdateUserCommand(principal, body));
  }

  @Post('PP_GET_USER_UUID')
  @HttpCode(200)
  @ApiLevels(ApiLevel.PPCOM, ...CONSOLE_LEVELS)
  getUserUuid(@Body() body: GetUserUuidDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new GetUserUuidCommand(principal, body));
  }

  @Post('PP_GET_USER_INFO')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  getUserInfo(@Body() body: GetUserInfoDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetUserInfoQuery(principal, body.user_uuid));
  }

  @Post('PP_GET_APP_SERVICE_USER_LIST')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  getAppServiceUserList(@Body() _body: GetAppServiceUserListDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetAppServiceUserListQuery(principal.appUuid));
  }

  @Post('PPKEFU_SET_SERVICE_USER_STATUS')
  @HttpCode(200)
  @ApiLevels(...KEFU_LEVELS)
  setServiceUserStatus(@Body() body: SetServiceUserStatusDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new SetServiceUserStatusCommand(principal, body.user_uuid, body.service_user_status));
  }

  /** Sets the status as PPKEFU_SET_SERVICE_USER_STATUS does; the stock agent clients call these shorthands. */
  @Post('PPKEFU_SET_BUSY')
  @HttpCode(200)
  @ApiLevels(...KEFU_LEVELS)
  setBusy(@Body() body: ServiceUserRefDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new SetServiceUserStatusCommand(principal, body.user_uuid, 'BUSY'));
  }

  @Post('PPKEFU_SET_READY')
  @HttpCode(200)
  @ApiLevels(...KEFU_LEVELS)
  setReady(@Body() body: ServiceUserRefDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new SetServiceUserStatusCommand(principal, body.user_uuid, 'READY'));
  }

  @Post('PPKEFU_SET_REST')
  @HttpCode(200)
  @ApiLevels(...KEFU_LEVELS)
  setRest(@Body() body: ServiceUserRefDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new SetServiceUserStatusCommand(principal, body.user_uuid, 'REST'));
  }

  /** Returns a user's public card or an org group of the token's app. The body has no app_uuid. */
  @Post('GET_YVOBJECT_DETAIL')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  getYvobjectDetail(@Body() body: GetYvobjectDetailDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetYvobjectDetailQuery(principal.appUuid, body.uuid, body.type));
  }

  @Post('PP_GET_NO_GROUP_USER_LIST')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  getNoGroupUserList(@Body() _body: GetAppServiceUserListDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetNoGroupUserListQuery(principal.appUuid));
  }
}
