import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertActsAs } from '../../../common/auth/acting-as';
import { ApiError } from '../../../common/protocol/api-error';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { ConversationAccess } from '../conversation-access';
import { ConversationProjector } from '../read-models/conversation.projector';
import { MarkConversationReadCommand } from './mark-conversation-read.command';

/** Moves a member's read position forward (never back) and recomputes its unread count. */
@CommandHandler(MarkConversationReadCommand)
export class MarkConversationReadHandler implements ICommandHandler<MarkConversationReadCommand> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ConversationAccess,
    private readonly projector: ConversationProjector,
  ) {}

  async execute({ request, principal }: MarkConversationReadCommand): Promise<Record<string, unknown>> {
    assertActsAs(principal, request.user_uuid);
    return this.dataSource.transaction(async (manager) => {
      const { conversation } = await this.access.requireMember(principal.appUuid, request.conversation_uuid, request.user_uuid, manager);
      let readSeq = conversation.last_seq;
      if (request.max_id) {
        const rows: { seq: string }[] = await manager.query(`SELECT seq FROM messages WHERE uuid = $1 AND conversation_uuid = $2`, [request.max_id, conversation.uuid]);
        if (rows.length === 0) {
          throw new ApiError(ApiErrorCode.INVALID_PARA, `message ${request.max_id} is not in conversation ${conversation.uuid}`);
        }
        readSeq = rows[0].seq;
      }
      await manager.query(
        `UPDATE conversation_members SET read_seq = GREATEST(read_seq, $3::bigint) WHERE conversation_uuid = $1 AND user_uuid = $2`,
        [conversation.uuid, request.user_uuid, readSeq],
      );
      const unread = await this.projector.refreshUnread(manager, conversation.uuid, request.user_uuid);
      return { unread_count: unread };
    });
  }
}
