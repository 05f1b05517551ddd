import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApiLevel, isConsoleLevel } from '../../common/auth/api-level';
import { Principal } from '../../common/auth/principal';
import { ConversationNotFoundError } from './conversation.errors';
import { ConversationMemberEntity } from './entities/conversation-member.entity';
import { ConversationEntity } from './entities/conversation.entity';
import { ParticipantDirectory } from './participant-directory';

export interface MemberView {
  conversation: ConversationEntity;
  member: ConversationMemberEntity;
}

/** Loads conversations confined to one app and checks who may see them. */
@Injectable()
export class ConversationAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: ParticipantDirectory,
  ) {}

  async find(appUuid: string, conversationUuid: string, manager: EntityManager = this.dataSource.manager): Promise<ConversationEntity> {
    const conversation = await manager.getRepository(ConversationEntity).findOne({ where: { uuid: conversationUuid } });
    if (!conversation || conversation.app_uuid !== appUuid) {
      throw new ConversationNotFoundError(conversationUuid, conversation ? 'belongs to another app' : 'not found');
    }
    return conversation;
  }

  async findMember(conversationUuid: string, userUuid: string, manager: EntityManager = this.dataSource.manager): Promise<ConversationMemberEntity | null> {
    return manager.getRepository(ConversationMemberEntity).findOne({ where: { conversation_uuid: conversationUuid, user_uuid: userUuid } });
  }

  /** The conversation and the user's member row; 26 when the user is not a member. */
  async requireMember(appUuid: string, conversationUuid: string, userUuid: string, manager?: EntityManager): Promise<MemberView> {
    const conversation = await this.find(appUuid, conversationUuid, manager);
    const member = await this.findMember(conversationUuid, userUuid, manager);
    if (!member) {
      throw new ConversationNotFoundError(conversationUuid, `user ${userUuid} is not a member`);
    }
    return { conversation, member };
  }

  /**
   * Whether the principal may read a conversation it names without a user: members always;
   * service users of the app also the app's visitor conversations (the team inbox); console
   * and third-party tokens any conversation of their app.
   */
  async requireReadable(principal: Principal, conversationUuid: string): Promise<ConversationEntity> {
    const conversation = await this.find(principal.appUuid, conversationUuid);
    if (isConsoleLevel(principal.level) || principal.level === ApiLevel.THIRD_PARTY_KEFU) {
      return conversation;
    }
    if (!principal.userUuid) {
      throw new ConversationNotFoundError(conversationUuid, 'token acts for no user');
    }
    if (await this.findMember(conversationUuid, principal.userUuid)) {
      return conversation;
    }
    const participant = await this.directory.find(principal.appUuid, principal.userUuid);
    if (participant?.isService && conversation.conversation_type === 'P2S') {
      return conversation;
    }
    throw new ConversationNotFoundError(conversationUuid, `user ${principal.userUuid} is not a member`);
  }
}
