import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { presentForMember, presentMemberData } from './conversation.presenter';
import { ConversationMemberEntity } from './entities/conversation-member.entity';
import { ConversationEntity } from './entities/conversation.entity';
import { clampPageSize, decodeCursor, encodeCursor } from './list-cursor';
import { MESSAGE_COLUMNS, MessageRow, presentMessageRow } from './message-rows';
import { ParticipantDirectory } from './participant-directory';

interface ViewRow {
  conversation_uuid: string;
  activity_text: string;
  latest_message_uuid: string | null;
  message_total_count: number;
  unread_count: number | null;
}

export interface ListPage {
  list: Record<string, unknown>[];
  next_cursor: string | null;
  page_size: number;
}

/** One page of a member's OPEN conversations; served by ix_member_conversation_views_list. */
export const USER_PAGE_SQL = `SELECT conversation_uuid, last_activity_at::text AS activity_text, latest_message_uuid, message_total_count, unread_count
         FROM member_conversation_views
        WHERE app_uuid = $1 AND user_uuid = $2 AND conversation_status = 'OPEN'
          AND ($3::timestamptz IS NULL OR (last_activity_at, conversation_uuid) < ($3::timestamptz, $4::uuid))
        ORDER BY last_activity_at DESC, conversation_uuid DESC
        LIMIT $5`;

/** A member's OPEN conversations by offset, in the order of USER_PAGE_SQL. */
export const USER_OFFSET_PAGE_SQL = `SELECT conversation_uuid, last_activity_at::text AS activity_text, latest_message_uuid, message_total_count, unread_count
         FROM member_conversation_views
        WHERE app_uuid = $1 AND user_uuid = $2 AND conversation_status = 'OPEN'
        ORDER BY last_activity_at DESC, conversation_uuid DESC
        OFFSET $3 LIMIT $4`;

/** One page of the team inbox; served by ix_team_inbox_views_list. */
export const TEAM_PAGE_SQL = `SELECT t.conversation_uuid, t.last_activity_at::text AS activity_text, t.latest_message_uuid, t.message_total_count,
              (SELECT v.unread_count FROM member_conversation_views v WHERE v.user_uuid = $5::uuid AND v.conversation_uuid = t.conversation_uuid) AS unread_count
         FROM team_inbox_views t
        WHERE t.app_uuid = $1 AND t.team_status = 'OPEN' AND t.message_total_count > 0
          AND ($2::timestamptz IS NULL OR (t.last_activity_at, t.conversation_uuid) < ($2::timestamptz, $3::uuid))
        ORDER BY t.last_activity_at DESC, t.conversation_uuid DESC
        LIMIT $4`;

/**
 * Reads conversation lists from the read models only, one keyset page at a time, newest
 * activity first. The indexes on (app, user or team status, last activity, conversation)
 * serve each page without scanning messages.
 */
@Injectable()
export class ConversationListReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: ParticipantDirectory,
  ) {}

  /** A member's OPEN conversations, as PP_GET_USER_CONVERSATION_LIST returns them. */
  async userPage(appUuid: string, userUuid: string, pageSize: number | undefined, cursorText: string | undefined): Promise<ListPage> {
    const size = clampPageSize(pageSize);
    const cursor = decodeCursor(cursorText);
    const rows: ViewRow[] = await this.dataSource.query(
      USER_PAGE_SQL,
      [appUuid, userUuid, cursor?.lastActivityAt ?? null, cursor?.conversationUuid ?? null, size + 1],
    );
    const list = await this.memberItems(userUuid, rows.slice(0, size));
    return { list, next_cursor: this.nextCursor(rows, size), page_size: size };
  }

  /**
   * Reads a member's OPEN conversations by page number (PP_PAGE_USER_CONVERSATION), newest
   * activity first, with the same items as `userPage` and the number of OPEN conversations.
   */
  async userOffsetPage(appUuid: string, userUuid: string, pageOffset: number, pageSize: number): Promise<{ list: Record<string, unknown>[]; total_count: number }> {
    const rows: ViewRow[] = await this.dataSource.query(USER_OFFSET_PAGE_SQL, [appUuid, userUuid, pageOffset * pageSize, pageSize]);
    const total: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM member_conversation_views WHERE app_uuid = $1 AND user_uuid = $2 AND conversation_status = 'OPEN'`,
      [appUuid, userUuid],
    );
    return { list: await this.memberItems(userUuid, rows), total_count: total[0].count };
  }

  private async memberItems(userUuid: string, pageRows: ViewRow[]): Promise<Record<string, unknown>[]> {
    // Independent reads run side by side on separate pooled connections.
    const [conversations, members, messages] = await Promise.all([
      this.conversations(pageRows),
      this.dataSource.getRepository(ConversationMemberEntity).find({
        where: { user_uuid: userUuid, conversation_uuid: In(pageRows.map((row) => row.conversation_uuid)) },
      }),
      this.messages(pageRows),
    ]);
    const creators = await this.directory.publicUsers([...conversations.values()].map((conversation) => conversation.user_uuid));

    return pageRows.map((row) => {
      const conversation = conversations.get(row.conversation_uuid) as ConversationEntity;
      const member = members.find((candidate) => candidate.conversation_uuid === row.conversation_uuid) ?? null;
      return {
        ...presentForMember(conversation, member),
        conversation_data: member ? presentMemberData(member) : null,
        from_user: creators.get(conversation.user_uuid) ?? null,
        latest_message: row.latest_message_uuid ? (messages.get(row.latest_message_uuid) ?? null) : null,
        message_total_count: row.message_total_count,
        unread_count: row.unread_count ?? 0,
      };
    });
  }

  /**
   * Reads the team inbox: the app's visitor conversations that are OPEN for the team and have a
   * message. `unread_count` is the caller's when it is a member, else every message counts.
   */
  async teamPage(appUuid: string, callerUuid: string | null, pageSize: number | undefined, cursorText: string | undefined): Promise<ListPage> {
    const size = clampPageSize(pageSize);
    const cursor = decodeCursor(cursorText);
    const rows: ViewRow[] = await this.dataSource.query(
      TEAM_PAGE_SQL,
      [appUuid, cursor?.lastActivityAt ?? null, cursor?.conversationUuid ?? null, size + 1, callerUuid],
    );
    const pageRows = rows.slice(0, size);
    const [conversations, messages] = await Promise.all([this.conversations(pageRows), this.messages(pageRows)]);
    const creators = await this.directory.publicUsers([...conversations.values()].map((conversation) => conversation.user_uuid));

    const list = pageRows.map((row) => {
      const conversation = conversations.get(row.conversation_uuid) as ConversationEntity;
      return {
        ...presentForMember(conversation, null),
        create_user: creators.get(conversation.user_uuid) ?? null,
        latest_message: row.latest_message_uuid ? (messages.get(row.latest_message_uuid) ?? null) : null,
        message_total_count: row.message_total_count,
        unread_count: row.unread_count ?? row.message_total_count,
      };
    });
    return { list, next_cursor: this.nextCursor(rows, size), page_size: size };
  }

  private nextCursor(rows: ViewRow[], size: number): string | null {
    if (rows.length <= size) {
      return null;
    }
    const last = rows[size - 1];
    return encodeCursor({ lastActivityAt: last.activity_text, conversationUuid: last.conversation_uuid });
  }

  private async conversations(rows: ViewRow[]): Promise<Map<string, ConversationEntity>> {
    const found: ConversationEntity[] = await this.dataSource.query(`SELECT * FROM conversations WHERE uuid = ANY($1::uuid[])`, [
      rows.map((row) => row.conversation_uuid),
    ]);
    return new Map(found.map((conversation) => [conversation.uuid, conversation]));
  }

  private async messages(rows: ViewRow[]): Promise<Map<string, Record<string, unknown>>> {
    const uuids = rows.map((row) => row.latest_message_uuid).filter((uuid): uuid is string => uuid !== null);
    if (uuids.length === 0) {
      return new Map();
    }
    const found: MessageRow[] = await this.dataSource.query(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE uuid = ANY($1::uuid[])`, [uuids]);
    return new Map(found.map((message) => [message.uuid, presentMessageRow(message)]));
  }
}
