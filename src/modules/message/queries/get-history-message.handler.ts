import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConversationAccess } from '../../conversation/conversation-access';
import { MESSAGE_COLUMNS, MessageRow, presentMessageRow } from '../../conversation/message-rows';
import { ParticipantDirectory } from '../../conversation/participant-directory';
import { GetHistoryMessageQuery } from './get-history-message.query';

/** One history page, newest first; served by uq_messages_conversation_seq. */
export const HISTORY_PAGE_SQL = `SELECT ${MESSAGE_COLUMNS} FROM messages
        WHERE conversation_uuid = $1 AND seq <= $2 AND seq > $3
        ORDER BY seq DESC
        OFFSET $4 LIMIT $5`;

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/**
 * History newest first. `max_id` bounds the window from above (included unless `ignore_max`),
 * `since_id` from below (always excluded). Both are turned into sequence numbers, so equal
 * timestamps cannot reorder messages and messages that arrive later never shift a page that
 * pins `max_id`. An id that is not in the conversation leaves its bound open, as the original.
 */
@QueryHandler(GetHistoryMessageQuery)
export class GetHistoryMessageHandler implements IQueryHandler<GetHistoryMessageQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ConversationAccess,
    private readonly directory: ParticipantDirectory,
  ) {}

  async execute({ request, principal }: GetHistoryMessageQuery): Promise<Record<string, unknown>> {
    const conversation = await this.access.requireReadable(principal, request.conversation_uuid);
    const pageSize = Math.min(request.page_size ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const lastSeq = Number(conversation.last_seq);

    let upper = lastSeq;
    if (request.max_id) {
      const seq = await this.seqOf(conversation.uuid, request.max_id);
      if (seq !== null) {
        upper = request.ignore_max === true ? seq - 1 : seq;
      }
    }
    let lower = 0;
    if (request.since_id) {
      const seq = await this.seqOf(conversation.uuid, request.since_id);
      if (seq !== null) {
        lower = seq;
      }
    }

    // -1 asked for the whole filtered list; it is capped at one maximum page.
    const offset = request.page_offset === -1 ? 0 : request.page_offset * pageSize;
    const limit = request.page_offset === -1 ? MAX_PAGE_SIZE : pageSize;
    const rows: MessageRow[] = await this.dataSource.query(
      HISTORY_PAGE_SQL,
      [conversation.uuid, upper, lower, offset, limit],
    );
    const senders = await this.directory.publicUsers(rows.map((row) => row.from_uuid));
    return {
      total_count: lastSeq,
      count: rows.length,
      page_size: pageSize,
      page_offset: request.page_offset,
      list: rows.map((row) => ({ ...presentMessageRow(row), from_user: senders.get(row.from_uuid) ?? null })),
      max_id: conversation.latest_task,
    };
  }

  private async seqOf(conversationUuid: string, messageUuid: string): Promise<number | null> {
    const rows: { seq: string }[] = await this.dataSource.query(`SELECT seq FROM messages WHERE uuid = $1 AND conversation_uuid = $2`, [messageUuid, conversationUuid]);
    return rows[0] ? Number(rows[0].seq) : null;
  }
}
