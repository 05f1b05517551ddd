import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ALL_LEVELS } from '../../common/auth/api-level';
import { ApiLevels, CurrentPrincipal } from '../../common/auth/api-levels.decorator';
import { Principal } from '../../common/auth/principal';
import { GetAppInfoDto } from './dto/get-app-info.dto';
import { GetAppInfoQuery } from './queries/get-app-info.query';

@Controller('api')
export class AppController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post('PP_GET_APP_INFO')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  getAppInfo(@Body() body: GetAppInfoDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetAppInfoQuery(body.app_uuid, principal));
  }
}
