import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiLevel } from '../../common/auth/api-level';
import { ApiLevels, CurrentPrincipal } from '../../common/auth/api-levels.decorator';
import { Principal } from '../../common/auth/principal';
import { CancelWaitingCommand } from './commands/cancel-waiting.command';
import { CancelWaitingDto } from './dto/cancel-waiting.dto';
import { QueueLengthDto } from './dto/queue-length.dto';
import { GetQueueLengthQuery } from './queries/get-queue-length.query';

@Controller('api')
export class WaitingQueueController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('PP_GET_AMD_QUEUE_LENGTH')
  @HttpCode(200)
  @ApiLevels(ApiLevel.PPCOM)
  length(@Body() _body: QueueLengthDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetQueueLengthQuery(principal.appUuid));
  }

  @Post('PP_CANCEL_WAITING_CREATE_CONVERSATION')
  @HttpCode(200)
  @ApiLevels(ApiLevel.PPCOM)
  cancel(@Body() body: CancelWaitingDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new CancelWaitingCommand(principal, body));
  }
}
