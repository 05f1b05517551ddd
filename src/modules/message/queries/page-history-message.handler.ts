import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../../../common/protocol/api-error';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { ConversationAccess } from '../../conversation/conversation-access';
import { MESSAGE_COLUMNS, MessageRow, presentMessageRow } from '../../conversation/message-rows';
import { ParticipantDirectory } from '../../conversation/participant-directory';
import { PageHistoryMessageQuery } from './page-history-message.query';

/** Page mode: newest first by page number. Served by uq_messages_conversation_seq. */
export const HISTORY_BY_PAGE_SQL = `SELECT ${MESSAGE_COLUMNS} FROM messages
        WHERE conversation_uuid = $1
        ORDER BY seq DESC
        OFFSET $2 LIMIT $3`;

/** `max_uuid` mode: older than the anchor, newest first. */
export const HISTORY_BEFORE_SQL = `SELECT ${MESSAGE_COLUMNS} FROM messages
        WHERE conversation_uuid = $1 AND seq < $2
        ORDER BY seq DESC
        LIMIT $3`;

/** `min_uuid` mode: newer than the anchor, oldest first. */
export const HISTORY_AFTER_SQL = `SELECT ${MESSAGE_COLUMNS} FROM messages
        WHERE conversation_uuid = $1 AND seq > $2
        ORDER BY seq ASC
        LIMIT $3`;

const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 100;

/**
 * PP_PAGE_HISTORY_MESSAGE. Anchors are turned into sequence numbers, so equal timestamps
 * cannot reorder messages. An anchor that is not a message of this conversation is an invalid
 * value (44), so the answer reveals nothing about messages elsewhere.
 */
@QueryHandler(PageHistoryMessageQuery)
export class PageHistoryMessageHandler implements IQueryHandler<PageHistoryMessageQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ConversationAccess,
    private readonly directory: ParticipantDirectory,
  ) {}

  async execute({ request, principal }: PageHistoryMessageQuery): Promise<Record<string, unknown>> {
    if (request.max_uuid && request.min_uuid) {
      throw new ApiError(ApiErrorCode.PAGE_MAX_MIN, 'max_uuid and min_uuid were both given');
    }
    const conversation = await this.access.requireReadable(principal, request.conversation_uuid);
    const pageSize = Math.min(request.page_size ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);

    let rows: MessageRow[];
    let mode: Record<string, unknown>;
    if (request.max_uuid) {
      rows = await this.dataSource.query(HISTORY_BEFORE_SQL, [conversation.uuid, await this.anchorSeq(conversation.uuid, request.max_uuid), pageSize]);
      mode = { max_uuid: request.max_uuid };
    } else if (request.min_uuid) {
      rows = await this.dataSource.query(HISTORY_AFTER_SQL, [conversation.uuid, await this.anchorSeq(conversation.uuid, request.min_uuid), pageSize]);
      mode = { min_uuid: request.min_uuid };
    } else {
      const pageOffset = request.page_offset ?? 0;
      rows = await this.dataSource.query(HISTORY_BY_PAGE_SQL, [conversation.uuid, pageOffset * pageSize, pageSize]);
      mode = { page_offset: pageOffset };
    }

    const senders = await this.directory.publicUsers(rows.map((row) => row.from_uuid));
    return {
      // Every stored message counts; messages are numbered 1..last_seq without gaps.
      total_count: Number(conversation.last_seq),
      return_count: rows.length,
      page_size: pageSize,
      ...mode,
      list: rows.map((row) => ({ ...presentMessageRow(row), from_user: senders.get(row.from_uuid) ?? null })),
    };
  }

  private async anchorSeq(conversationUuid: string, messageUuid: string): Promise<number> {
    const rows: { seq: string }[] = await this.dataSource.query(`SELECT seq FROM messages WHERE uuid = $1 AND conversation_uuid = $2`, [messageUuid, conversationUuid]);
    if (!rows[0]) {
      throw new ApiError(ApiErrorCode.INVALID_PARA, `message ${messageUuid} is not in conversation ${conversationUuid}`);
    }
    return Number(rows[0].seq);
  }
}
