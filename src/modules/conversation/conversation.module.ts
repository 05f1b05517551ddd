import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '../outbox/outbox.module';
import { ChangeConversationStatusHandler } from './commands/change-conversation-status.handler';
import { CreateConversationHandler } from './commands/create-conversation.handler';
import { GetDefaultConversationHandler } from './commands/get-default-conversation.handler';
import { MarkConversationReadHandler } from './commands/mark-conversation-read.handler';
import { PpcomCreateConversationHandler } from './commands/ppcom-create-conversation.handler';
import { RebuildReadModelsHandler } from './commands/rebuild-read-models.handler';
import { UpdateConversationMemberHandler } from './commands/update-conversation-member.handler';
import { UpdateConversationHandler } from './commands/update-conversation.handler';
import { ConversationAccess } from './conversation-access';
import { ConversationListReader } from './conversation-list.reader';
import { ConversationMembership } from './conversation-membership';
import { ConversationReuse } from './conversation-reuse';
import { ConversationUnitOfWork } from './conversation-unit-of-work';
import { ConversationWriter } from './conversation-writer';
import { ConversationController } from './conversation.controller';
import { ConversationMemberEntity } from './entities/conversation-member.entity';
import { ConversationEntity } from './entities/conversation.entity';
import { MemberPicker } from './member-picker';
import { ParticipantDirectory } from './participant-directory';
import {
  GetConversationInfoHandler,
  ListAppConversationsHandler,
  ListConversationUsersHandler,
  ListUserConversationsHandler,
} from './queries/conversation-query.handlers';
import { OrgGroupConversationHandler, PageUserConversationHandler } from './queries/stock-conversation-query.handlers';
import { ConversationProjector } from './read-models/conversation.projector';
import { MemberConversationViewEntity } from './read-models/member-conversation-view.entity';
import { TeamInboxViewEntity } from './read-models/team-inbox-view.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ConversationEntity, ConversationMemberEntity, MemberConversationViewEntity, TeamInboxViewEntity]), OutboxModule],
  controllers: [ConversationController],
  providers: [
    ConversationAccess,
    ConversationListReader,
    ConversationMembership,
    ConversationReuse,
    ConversationUnitOfWork,
    ConversationWriter,
    ConversationProjector,
    MemberPicker,
    ParticipantDirectory,
    CreateConversationHandler,
    UpdateConversationHandler,
    ChangeConversationStatusHandler,
    MarkConversationReadHandler,
    GetDefaultConversationHandler,
    RebuildReadModelsHandler,
    GetConversationInfoHandler,
    ListAppConversationsHandler,
    ListUserConversationsHandler,
    ListConversationUsersHandler,
    UpdateConversationMemberHandler,
    PpcomCreateConversationHandler,
    PageUserConversationHandler,
    OrgGroupConversationHandler,
  ],
  exports: [ConversationAccess, ConversationUnitOfWork, ConversationProjector, ParticipantDirectory, ConversationReuse, ConversationWriter, MemberPicker],
})
export class ConversationModule {}
