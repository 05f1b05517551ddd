import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ALL_LEVELS, CONSOLE_LEVELS } from '../../common/auth/api-level';
import { ApiLevels, CurrentPrincipal } from '../../common/auth/api-levels.decorator';
import { Principal } from '../../common/auth/principal';
import { CreateAppCommand } from './commands/create-app.command';
import { UpdateAppInfoCommand } from './commands/update-app-info.command';
import { CreateAppDto } from './dto/create-app.dto';
import { GetAppInfoDto } from './dto/get-app-info.dto';
import { UpdateAppInfoDto } from './dto/update-app-info.dto';
import { GetAppInfoQuery } from './queries/get-app-info.query';

@Controller('api')
export class AppController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('PP_GET_APP_INFO')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  getAppInfo(@Body() body: GetAppInfoDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetAppInfoQuery(body.app_uuid, principal));
  }

  @Post('PP_CREATE_APP')
  @HttpCode(200)
  @ApiLevels(...CONSOLE_LEVELS)
  createApp(@Body() body: CreateAppDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new CreateAppCommand(principal, body.app_name, body.company_name ?? null, body.app_route_policy ?? null));
  }

  @Post('PP_UPDATE_APP_INFO')
  @HttpCode(200)
  @ApiLevels(...CONSOLE_LEVELS)
  updateAppInfo(@Body() body: UpdateAppInfoDto) {
    return this.commandBus.execute(new UpdateAppInfoCommand(body));
  }
}
