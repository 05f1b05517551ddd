import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { SendMessageDto } from '../dto/send-message.dto';

export interface SentMessage {
  uuid: string;
  /** Float epoch seconds of the stored message. */
  ts: number;
}

export class SendMessageCommand extends Command<SentMessage> {
  constructor(
    readonly message: SendMessageDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
