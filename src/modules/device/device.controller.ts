import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiLevel, CLIENT_LEVELS, KEFU_LEVELS } from '../../common/auth/api-level';
import { ApiLevels, CurrentPrincipal } from '../../common/auth/api-levels.decorator';
import { Principal } from '../../common/auth/principal';
import { CreateDeviceCommand } from './commands/create-device.command';
import { KefuLoginCommand } from './commands/kefu-login.command';
import { KefuLogoutCommand } from './commands/kefu-logout.command';
import { UpdateDeviceCommand } from './commands/update-device.command';
import { CreateDeviceDto } from './dto/create-device.dto';
import { KefuLoginDto } from './dto/kefu-login.dto';
import { KefuLogoutDto } from './dto/kefu-logout.dto';
import { UpdateDeviceDto } from './dto/update-device.dto';

@Controller('api')
export class DeviceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('PP_CREATE_DEVICE')
  @HttpCode(200)
  @ApiLevels(ApiLevel.PPCOM)
  createDevice(@Body() body: CreateDeviceDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new CreateDeviceCommand(principal, body));
  }

  @Post('PP_UPDATE_DEVICE')
  @HttpCode(200)
  @ApiLevels(...CLIENT_LEVELS)
  updateDevice(@Body() body: UpdateDeviceDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new UpdateDeviceCommand(principal, body));
  }

  @Post('PPKEFU_LOGIN')
  @HttpCode(200)
  @ApiLevels(...KEFU_LEVELS)
  kefuLogin(@Body() body: KefuLoginDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new KefuLoginCommand(principal, body));
  }

  @Post('PPKEFU_LOGOUT')
  @HttpCode(200)
  @ApiLevels(...KEFU_LEVELS)
  kefuLogout(@Body() body: KefuLogoutDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new KefuLogoutCommand(principal, body.user_uuid, body.device_uuid));
  }

  /** Serves PP_UPDATE_DEVICE under the name the stock agent clients use. */
  @Post('SET_DEVICE_INFO')
  @HttpCode(200)
  @ApiLevels(...KEFU_LEVELS)
  setDeviceInfo(@Body() body: UpdateDeviceDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new UpdateDeviceCommand(principal, body));
  }
}
