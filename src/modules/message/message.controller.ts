import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ALL_LEVELS, CLIENT_LEVELS } from '../../common/auth/api-level';
import { ApiLevels, CurrentPrincipal } from '../../common/auth/api-levels.decorator';
import { Principal } from '../../common/auth/principal';
import { SendMessageCommand } from './commands/send-message.command';
import { GetHistoryMessageDto } from './dto/get-history-message.dto';
import { PageHistoryMessageDto } from './dto/page-history-message.dto';
import { SendMessageDto } from './dto/send-message.dto';
import { GetHistoryMessageQuery } from './queries/get-history-message.query';
import { PageHistoryMessageQuery } from './queries/page-history-message.query';

@Controller('api')
export class MessageController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('PP_SEND_MESSAGE')
  @HttpCode(200)
  @ApiLevels(...CLIENT_LEVELS)
  send(@Body() body: SendMessageDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new SendMessageCommand(body, principal));
  }

  @Post('PP_GET_HISTORY_MESSAGE')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  history(@Body() body: GetHistoryMessageDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetHistoryMessageQuery(body, principal));
  }

  @Post('PP_PAGE_HISTORY_MESSAGE')
  @HttpCode(200)
  @ApiLevels(...ALL_LEVELS)
  pageHistory(@Body() body: PageHistoryMessageDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new PageHistoryMessageQuery(body, principal));
  }
}
