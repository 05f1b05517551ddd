import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CLIENT_LEVELS } from '../../common/auth/api-level';
import { ApiLevels, CurrentPrincipal } from '../../common/auth/api-levels.decorator';
import { Principal } from '../../common/auth/principal';
import { AckMessagesCommand } from './commands/ack-messages.command';
import { AckMessageDto } from './dto/ack-message.dto';
import { GetUnackedMessageDto } from './dto/get-unacked-message.dto';
import { GetUnackedMessagesDto } from './dto/get-unacked-messages.dto';
import { PageUnackedMessageDto } from './dto/page-unacked-message.dto';
import { GetUnackedMessageQuery } from './queries/get-unacked-message.query';
import { GetUnackedMessagesQuery } from './queries/get-unacked-messages.query';
import { PageUnackedMessagesQuery } from './queries/page-unacked-messages.query';

@Controller('api')
export class RealtimeController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('GET_UNACKED_MESSAGES')
  @HttpCode(200)
  @ApiLevels(...CLIENT_LEVELS)
  unacked(@Body() body: GetUnackedMessagesDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetUnackedMessagesQuery(principal, body));
  }

  @Post('GET_UNACKED_MESSAGE')
  @HttpCode(200)
  @ApiLevels(...CLIENT_LEVELS)
  unackedOne(@Body() body: GetUnackedMessageDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetUnackedMessageQuery(principal, body.uuid));
  }

  @Post('PP_PAGE_UNACKED_MESSAGE')
  @HttpCode(200)
  @ApiLevels(...CLIENT_LEVELS)
  pageUnacked(@Body() body: PageUnackedMessageDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new PageUnackedMessagesQuery(principal, body));
  }

  @Post('ACK_MESSAGE')
  @HttpCode(200)
  @ApiLevels(...CLIENT_LEVELS)
  ack(@Body() body: AckMessageDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new AckMessagesCommand(principal, body.list));
  }
}
