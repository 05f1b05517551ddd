import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationModule } from '../conversation/conversation.module';
import { OutboxModule } from '../outbox/outbox.module';
import { AgentAvailableHandler } from './agent-available.handler';
import { CancelWaitingHandler } from './commands/cancel-waiting.handler';
import { EnqueueVisitorHandler } from './commands/enqueue-visitor.handler';
import { WaitingVisitorEntity } from './entities/waiting-visitor.entity';
import { GetQueueLengthHandler } from './queries/get-queue-length.handler';
import { WaitingQueueController } from './waiting-queue.controller';
import { WaitingVisitorAssigner } from './waiting-visitor-assigner';

/**
 * The waiting queue (the original's AMD queue): visitors the widget's endpoints could not give
 * an agent under the GROUP policy wait here and are assigned when an agent becomes available.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WaitingVisitorEntity]), ConversationModule, OutboxModule],
  controllers: [WaitingQueueController],
  providers: [WaitingVisitorAssigner, AgentAvailableHandler, EnqueueVisitorHandler, CancelWaitingHandler, GetQueueLengthHandler],
})
export class WaitingQueueModule {}
