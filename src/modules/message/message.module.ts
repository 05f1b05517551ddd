import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationModule } from '../conversation/conversation.module';
import { FileModule } from '../file/file.module';
import { SendMessageHandler } from './commands/send-message.handler';
import { DeliveryEntity } from './entities/delivery.entity';
import { MessageEntity } from './entities/message.entity';
import { MessageStore } from './message-store';
import { MessageController } from './message.controller';
import { SendBatcher } from './send-batcher';
import { GetHistoryMessageHandler } from './queries/get-history-message.handler';
import { PageHistoryMessageHandler } from './queries/page-history-message.handler';

@Module({
  imports: [TypeOrmModule.forFeature([MessageEntity, DeliveryEntity]), ConversationModule, FileModule],
  controllers: [MessageController],
  providers: [MessageStore, SendBatcher, SendMessageHandler, GetHistoryMessageHandler, PageHistoryMessageHandler],
})
export class MessageModule {}
