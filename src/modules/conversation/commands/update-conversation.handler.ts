import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiLevel } from '../../../common/auth/api-level';
import { createLogger } from '../../../common/logging/logger';
import { ConversationAccess } from '../conversation-access';
import { ConversationNotFoundError, UserNotFoundError } from '../conversation.errors';
import { ConversationEntity } from '../entities/conversation.entity';
import { ParticipantDirectory } from '../participant-directory';
import { UpdateConversationCommand } from './update-conversation.command';

/**
 * Sets the informational `assigned_uuid`. The assignee must be a member of the conversation,
 * and a visitor or agent token must belong to a member; the reuse lookups read the column
 * directly, so no separate index goes stale as it did in the original.
 */
@CommandHandler(UpdateConversationCommand)
export class UpdateConversationHandler implements ICommandHandler<UpdateConversationCommand> {
  private readonly logger = createLogger(UpdateConversationHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ConversationAccess,
    private readonly directory: ParticipantDirectory,
  ) {}

  async execute({ request, principal }: UpdateConversationCommand): Promise<Record<string, unknown>> {
    const conversation = await this.access.find(principal.appUuid, request.conversation_uuid);
    if (principal.level !== ApiLevel.THIRD_PARTY_KEFU) {
      if (!principal.userUuid || !(await this.access.findMember(conversation.uuid, principal.userUuid))) {
        throw new ConversationNotFoundError(conversation.uuid, 'caller is not a member');
      }
    }
    if (!(await this.directory.find(principal.appUuid, request.assigned_uuid)) || !(await this.access.findMember(conversation.uuid, request.assigned_uuid))) {
      throw new UserNotFoundError(request.assigned_uuid);
    }
    await this.dataSource.getRepository(ConversationEntity).update({ uuid: conversation.uuid }, { assigned_uuid: request.assigned_uuid, updatetime: new Date() });
    this.logger.info({ conversation_uuid: conversation.uuid, assigned_uuid: request.assigned_uuid }, 'updated conversation assignee');
    return {};
  }
}
