import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertActsAs } from '../../../common/auth/acting-as';
import { createLogger } from '../../../common/logging/logger';
import { ConversationAccess } from '../conversation-access';
import { ConversationUnitOfWork } from '../conversation-unit-of-work';
import { ConversationMemberEntity } from '../entities/conversation-member.entity';
import { ConversationEntity } from '../entities/conversation.entity';
import { ConversationClosedEvent } from '../events/conversation-closed.event';
import { ConversationOpenedEvent } from '../events/conversation-opened.event';
import { ParticipantDirectory } from '../participant-directory';
import { ChangeConversationStatusCommand } from './change-conversation-status.command';

/**
 * Closes or re-opens a conversation for one member. When that member is a service user of the
 * app, the change applies to the team inbox too; a visitor closing only hides it from itself.
 */
@CommandHandler(ChangeConversationStatusCommand)
export class ChangeConversationStatusHandler implements ICommandHandler<ChangeConversationStatusCommand> {
  private readonly logger = createLogger(ChangeConversationStatusHandler.name);

  constructor(
    private readonly unitOfWork: ConversationUnitOfWork,
    private readonly access: ConversationAccess,
    private readonly directory: ParticipantDirectory,
  ) {}

  async execute({ request, status, principal }: ChangeConversationStatusCommand): Promise<Record<string, unknown>> {
    assertActsAs(principal, request.user_uuid);
    return this.unitOfWork.run(async (manager) => {
      const { conversation } = await this.access.requireMember(principal.appUuid, request.conversation_uuid, request.user_uuid, manager);
      const participant = await this.directory.find(principal.appUuid, request.user_uuid, manager);
      const forTeam = participant?.isService === true;
      const now = new Date();
      await manager.getRepository(ConversationMemberEntity).update(
        { conversation_uuid: conversation.uuid, user_uuid: request.user_uuid },
        { conversation_status: status, updatetime: now },
      );
      if (forTeam) {
        await manager.getRepository(ConversationEntity).update({ uuid: conversation.uuid }, { team_status: status, updatetime: now });
      }
      const event =
        status === 'CLOSE'
          ? new ConversationClosedEvent(principal.appUuid, conversation.uuid, request.user_uuid, forTeam, now)
          : new ConversationOpenedEvent(principal.appUuid, conversation.uuid, request.user_uuid, forTeam, now);
      this.logger.info({ conversation_uuid: conversation.uuid, user_uuid: request.user_uuid, status, for_team: forTeam }, 'changed conversation status');
      return { result: {}, events: [event] };
    });
  }
}
