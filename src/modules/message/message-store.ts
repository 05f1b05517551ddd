import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../../common/database/transaction';
import { ConversationEntity } from '../conversation/entities/conversation.entity';
import { MessagePublication, MessageSentEvent } from '../conversation/events/message-sent.event';
import { MessageEntity } from './entities/message.entity';
import { SendMessageDto } from './dto/send-message.dto';

/** A message ready to store: its row (any `seq`) and its event (any `seq` and members), which the statement completes. */
export interface MessageDraft {
  row: MessageEntity;
  event: MessageSentEvent;
}

/** Outcome of `writeMessage`: the message was stored, or nothing was written because a check failed. */
export type WriteOutcome =
  | { stored: true; seq: number; memberUuids: string[]; publication: MessagePublication }
  | { stored: false; found: boolean; sameApp: boolean; isMember: boolean; deviceOk: boolean };

export interface SendContext {
  conversation: ConversationEntity;
  senderIsMember: boolean;
  deviceBelongsToSender: boolean;
}

/**
 * The statement of `MessageStore.writeMessages`. It takes the messages as one JSON array (`$1`) of
 * message rows, each with its event's payload, and stores every message whose checks pass. The
 * messages must be of different conversations: a statement can update a conversation's row only
 * once. Conversation and sender rows are locked in uuid order first, so that two batches sharing
 * rows (on two nodes, or one sender in several conversations) wait for each other instead of
 * deadlocking.
 *
 * The input rows come through an `ARRAY(...)` sub-select so that the planner estimates the same
 * number of them (10) whatever the batch size. With an estimate that follows the parameter,
 * PostgreSQL kept planning one-message statements anew on every call (about 1 ms each). With
 * `jsonb_to_recordset`'s fixed estimate of 100 rows it chose sequential scans at 10,000
 * conversations.
 */
export const SEND_MESSAGES_SQL = `WITH input AS (
     SELECT i.* FROM unnest(ARRAY(SELECT jsonb_array_elements($1::jsonb))) AS item,
            jsonb_to_record(item) AS i(uuid uuid, app_uuid uuid, conversation_uuid uuid, conversation_type text, from_uuid uuid, from_type text,
                                       from_device_uuid uuid, to_uuid text, to_type text, message_type text, message_subtype text, title text,
                                       body text, content_hash text, createtime timestamptz, payload jsonb)),
   ctx AS (
     SELECT i.*, c.uuid IS NOT NULL AS found, c.app_uuid = i.app_uuid AS same_app,
            EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_uuid = i.conversation_uuid AND m.user_uuid = i.from_uuid) AS is_member,
            (i.from_device_uuid IS NULL OR EXISTS (SELECT 1 FROM devices d WHERE d.uuid = i.from_device_uuid AND d.app_uuid = i.app_uuid AND d.user_uuid = i.from_uuid)) AS device_ok
       FROM input i LEFT JOIN conversations c ON c.uuid = i.conversation_uuid),
   conversation_locks AS (
     SELECT uuid FROM conversations WHERE (uuid, app_uuid) IN (SELECT conversation_uuid, app_uuid FROM input) ORDER BY uuid FOR UPDATE),
   numbered AS (
     UPDATE conversations c SET last_seq = c.last_seq + 1, status = 'OPEN', team_status = 'OPEN', latest_task = ctx.uuid, updatetime = ctx.createtime
       FROM ctx
      WHERE c.uuid = ctx.conversation_uuid AND ctx.same_app AND ctx.is_member AND ctx.device_ok
        AND c.uuid IN (SELECT uuid FROM conversation_locks)
      RETURNING ctx.uuid, c.last_seq AS seq),
   stored AS (
     INSERT INTO messages (uuid, app_uuid, conversation_uuid, seq, conversation_type, from_uuid, from_type, from_device_uuid,
                           to_uuid, to_type, message_type, message_subtype, title, body, content_hash, createtime)
     SELECT ctx.uuid, ctx.app_uuid, ctx.conversation_uuid, numbered.seq, ctx.conversation_type, ctx.from_uuid, ctx.from_type, ctx.from_device_uuid,
            ctx.to_uuid, ctx.to_type, ctx.message_type, ctx.message_subtype, ctx.title, ctx.body, ctx.content_hash, ctx.createtime
       FROM numbered JOIN ctx ON ctx.uuid = numbered.uuid
     RETURNING uuid, app_uuid, conversation_uuid, seq, from_uuid, from_device_uuid, createtime),
   members AS (
     UPDATE conversation_members m
        SET conversation_status = 'OPEN', updatetime = s.createtime,
            read_seq = CASE WHEN m.user_uuid = s.from_uuid THEN s.seq ELSE m.read_seq END
       FROM stored s
      WHERE m.conversation_uuid = s.conversation_uuid
      RETURNING m.conversation_uuid, m.user_uuid),
   sender_locks AS (
     SELECT uuid FROM users WHERE uuid IN (SELECT from_uuid FROM stored) ORDER BY uuid FOR UPDATE),
   sender AS (
     UPDATE users u SET latest_send_message_time = s.sent_at
       FROM (SELECT from_uuid, max(createtime) AS sent_at FROM stored GROUP BY from_uuid) s
      WHERE u.uuid = s.from_uuid AND u.uuid IN (SELECT uuid FROM sender_locks)),
   deliveries AS (
     INSERT INTO deliveries (uuid, app_uuid, message_uuid, conversation_uuid, seq, user_uuid, device_uuid, createtime)
     SELECT gen_random_uuid(), s.app_uuid, s.uuid, s.conversation_uuid, s.seq, d.user_uuid, d.uuid, s.createtime
       FROM stored s
       JOIN conversation_members m ON m.conversation_uuid = s.conversation_uuid
       JOIN devices d ON d.app_uuid = s.app_uuid AND d.user_uuid = m.user_uuid
      WHERE d.uuid IS DISTINCT FROM s.from_device_uuid
     ON CONFLICT (message_uuid, device_uuid) DO NOTHING
     RETURNING message_uuid, uuid, device_uuid),
   member_views AS (
     UPDATE member_conversation_views v
        SET conversation_status = 'OPEN', last_activity_at = s.createtime, latest_message_uuid = s.uuid, message_total_count = s.seq,
            unread_count = CASE WHEN v.user_uuid = s.from_uuid THEN 0 ELSE v.unread_count + 1 END
       FROM stored s
      WHERE v.conversation_uuid = s.conversation_uuid),
   inbox AS (
     UPDATE team_inbox_views t
        SET team_status = 'OPEN', last_activity_at = s.createtime, latest_message_uuid = s.uuid, message_total_count = s.seq
       FROM stored s
      WHERE t.conversation_uuid = s.conversation_uuid),
   outbox AS (
     INSERT INTO outbox_events (app_uuid, event_type, payload)
     SELECT s.app_uuid, 'MessageSent',
            ctx.payload || jsonb_build_object('seq', s.seq, 'member_uuids',
              COALESCE((SELECT jsonb_agg(m.user_uuid) FROM members m WHERE m.conversation_uuid = s.conversation_uuid), '[]'::jsonb))
       FROM stored s JOIN ctx ON ctx.uuid = s.uuid
     RETURNING id, payload->>'message_uuid' AS message_uuid)
   SELECT ctx.uuid, ctx.found, ctx.same_app, ctx.is_member, ctx.device_ok, s.seq,
          (SELECT array_agg(m.user_uuid) FROM members m WHERE m.conversation_uuid = ctx.conversation_uuid) AS members,
          (SELECT array_agg(d.uuid) FROM deliveries d WHERE d.message_uuid = ctx.uuid) AS delivery_uuids,
          (SELECT array_agg(d.device_uuid) FROM deliveries d WHERE d.message_uuid = ctx.uuid) AS delivery_devices,
          (SELECT o.id FROM outbox o WHERE o.message_uuid = ctx.uuid::text) AS outbox_id
     FROM ctx LEFT JOIN stored s ON s.uuid = ctx.uuid`;

/** How many conversation types are kept; a conversation's type never changes, so entries never go stale. */
const TYPE_CACHE_SIZE = 50_000;

/** Reads and writes of the send path, as few round trips as the checks allow. */
@Injectable()
export class MessageStore {
  private readonly conversationTypes = new Map<string, string>();

  async findByUuid(manager: EntityManager, uuid: string): Promise<MessageEntity | null> {
    return manager.getRepository(MessageEntity).findOne({ where: { uuid } });
  }

  /**
   * Returns the conversation's type (P2S, S2P or S2S) for a send that does not name it, or null
   * when the conversation is unknown. Types are fixed at creation, so they are cached.
   */
  async conversationType(manager: EntityManager, conversationUuid: string): Promise<string | null> {
    const cached = this.conversationTypes.get(conversationUuid);
    if (cached) {
      return cached;
    }
    const rows = await preparedQuery<{ conversation_type: string }>(manager, 'send_conversation_type', 'SELECT conversation_type FROM conversations WHERE uuid = $1', [
      conversationUuid,
    ]);
    if (rows.length === 0) {
      return null;
    }
    if (this.conversationTypes.size >= TYPE_CACHE_SIZE) {
      this.conversationTypes.delete(this.conversationTypes.keys().next().value as string);
    }
    this.conversationTypes.set(conversationUuid, rows[0].conversation_type);
    return rows[0].conversation_type;
  }

  /** Loads the conversation with the sender's membership and device ownership in one round trip; null when unknown. */
  async loadSendContext(manager: EntityManager, message: SendMessageDto): Promise<SendContext | null> {
    const rows = await preparedQuery<ConversationEntity & { sender_is_member: boolean; device_ok: boolean }>(
      manager,
      'send_context',
      `SELECT c.*,
              EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_uuid = c.uuid AND m.user_uuid = $2) AS sender_is_member,
              ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM devices d WHERE d.uuid = $3 AND d.app_uuid = c.app_uuid AND d.user_uuid = $2)) AS device_ok
         FROM conversations c WHERE c.uuid = $1`,
      [message.conversation_uuid, message.from_uuid, message.device_uuid ?? null],
    );
    if (rows.length === 0) {
      return null;
    }
    const { sender_is_member: senderIsMember, device_ok: deviceBelongsToSender, ...conversation } = rows[0];
    return { conversation: conversation as ConversationEntity, senderIsMember, deviceBelongsToSender };
  }


  /**
   * Stores messages and everything that follows from them in one statement, so that outside a
   * transaction a send is a single round trip and still atomic. For each message:
   *
   * - the checks: the conversation exists in the sender's app, the sender is a member, and the
   *   sending device (if named) is the sender's. When one fails, nothing is written for that
   *   message and its outcome reports which.
   * - the conversation's sequence update numbers the message and locks the conversation row,
   *   which orders concurrent senders of that conversation (and only of that one).
   * - the message row: a plain insert, so a uuid that is already taken fails the whole statement
   *   with a unique violation on `pk_messages` and no sequence number is used up.
   * - every member's row re-opens (the sender has read up to its own message) and the sender's
   *   last-send time moves.
   * - one delivery for every device of every member except the sending device. Deliveries are
   *   rows per device, online or not: catch-up is then an exact per-device query
   *   (GET_UNACKED_MESSAGES) and ACK_MESSAGE marks single rows.
   * - both read models (each member's list row and the team inbox row), as
   *   `ConversationProjector.rebuild` computes them.
   * - the `MessageSent` outbox record, from `draft.event` with the sequence number and members
   *   filled in.
   *
   * A stored message comes back with its outbox row id and its deliveries, so this node can push
   * it at once without reading them again. Outcomes are in the order of `drafts`, whose
   * conversations must all differ.
   */
  async writeMessages(manager: EntityManager, drafts: MessageDraft[]): Promise<WriteOutcome[]> {
    const input = drafts.map(({ row, event }) => ({ ...row, payload: event.payload() }));
    const rows = await preparedQuery<{
      uuid: string;
      found: boolean;
      same_app: boolean | null;
      is_member: boolean | null;
      device_ok: boolean | null;
      seq: string | null;
      members: string[] | null;
      delivery_uuids: string[] | null;
      delivery_devices: string[] | null;
      outbox_id: string | null;
    }>(manager, 'send_write_messages', SEND_MESSAGES_SQL, [JSON.stringify(input)]);
    const byUuid = new Map(rows.map((result) => [result.uuid, result]));
    return drafts.map(({ row }): WriteOutcome => {
      const result = byUuid.get(row.uuid);
      if (!result) {
        throw new Error(`send statement returned no row for message ${row.uuid}`);
      }
      if (result.seq !== null) {
        const devices = result.delivery_devices ?? [];
        const deliveries = (result.delivery_uuids ?? []).map((uuid, index) => ({ uuid, device_uuid: devices[index] }));
        return { stored: true, seq: Number(result.seq), memberUuids: result.members ?? [], publication: { outboxId: String(result.outbox_id), deliveries } };
      }
      return { stored: false, found: result.found, sameApp: result.same_app === true, isMember: result.is_member === true, deviceOk: result.device_ok === true };
    });
  }

  /** Stores one message; see `writeMessages`. */
  async writeMessage(manager: EntityManager, draft: MessageDraft): Promise<WriteOutcome> {
    const [outcome] = await this.writeMessages(manager, [draft]);
    return outcome;
  }
}
