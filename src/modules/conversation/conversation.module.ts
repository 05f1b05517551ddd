import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationMemberEntity } from './entities/conversation-member.entity';
import { ConversationEntity } from './entities/conversation.entity';
import { MemberConversationViewEntity } from './read-models/member-conversation-view.entity';
import { TeamInboxViewEntity } from './read-models/team-inbox-view.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ConversationEntity, ConversationMemberEntity, MemberConversationViewEntity, TeamInboxViewEntity])],
})
export class ConversationModule {}
