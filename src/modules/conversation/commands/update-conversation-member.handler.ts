import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import { ApiLevel } from '../../../common/auth/api-level';
import { Principal } from '../../../common/auth/principal';
import { createLogger } from '../../../common/logging/logger';
import { ConversationAccess } from '../conversation-access';
import { InvalidMemberChangeError } from '../conversation-member.errors';
import { ConversationMembership } from '../conversation-membership';
import { ConversationUnitOfWork } from '../conversation-unit-of-work';
import { ConversationNotFoundError } from '../conversation.errors';
import { ConversationEntity } from '../entities/conversation.entity';
import { UpdateConversationMemberCommand } from './update-conversation-member.command';

/**
 * PP_UPDATE_CONVERSATION_MEMBER. The caller must be a member of the conversation, except a
 * THIRD_PARTY_KEFU token, which acts for the whole app. A request is applied whole or not at
 * all: one user already a member (ADD) or not a member (REMOVE) rejects it.
 */
@CommandHandler(UpdateConversationMemberCommand)
export class UpdateConversationMemberHandler implements ICommandHandler<UpdateConversationMemberCommand> {
  private readonly logger = createLogger(UpdateConversationMemberHandler.name);

  constructor(
    private readonly unitOfWork: ConversationUnitOfWork,
    private readonly access: ConversationAccess,
    private readonly membership: ConversationMembership,
  ) {}

  async execute({ request, principal }: UpdateConversationMemberCommand): Promise<Record<string, never>> {
    const userUuids = [...new Set(request.member_list)];
    const groupUuid = request.action === 'ADD' ? (request.group_uuid ?? null) : null;
    if (userUuids.length === 0 && !groupUuid) {
      throw new InvalidMemberChangeError('member_list is empty');
    }

    return this.unitOfWork.run(async (manager) => {
      // Serialises membership changes of one conversation, so the checks below stay true until commit.
      await manager.query(`SELECT 1 FROM conversations WHERE uuid = $1 AND app_uuid = $2 FOR UPDATE`, [request.conversation_uuid, principal.appUuid]);
      const conversation = await this.access.find(principal.appUuid, request.conversation_uuid, manager);
      await this.requireCaller(principal, conversation, manager);

      const now = new Date();
      const event =
        request.action === 'ADD'
          ? await this.membership.add(manager, conversation, userUuids, groupUuid, now)
          : await this.membership.remove(manager, conversation, userUuids, now);
      this.logger.info(
        { app_uuid: principal.appUuid, conversation_uuid: conversation.uuid, action: request.action, user_uuids: userUuids, group_uuid: groupUuid },
        'updated conversation members',
      );
      return { result: {}, events: [event] };
    });
  }

  private async requireCaller(principal: Principal, conversation: ConversationEntity, manager: EntityManager): Promise<void> {
    if (principal.level === ApiLevel.THIRD_PARTY_KEFU) {
      return;
    }
    if (!principal.userUuid || !(await this.access.findMember(conversation.uuid, principal.userUuid, manager))) {
      throw new ConversationNotFoundError(conversation.uuid, `caller ${principal.userUuid ?? 'without user'} is not a member`);
    }
  }
}
