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

/** The statement of `MessageStore.writeMessage`; its parameters are listed there. */
export const SEND_MESSAGE_SQL = `WITH ctx AS (
     SELECT c.uuid, c.app_uuid = $2 AS same_app,
            EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_uuid = c.uuid AND m.user_uuid = $5) AS is_member,
            ($7::uuid IS NULL OR EXISTS (SELECT 1 FROM devices d WHERE d.uuid = $7 AND d.app_uuid = $2 AND d.user_uuid = $5)) AS device_ok
       FROM conversations c WHERE c.uuid = $3),
   numbered AS (
     UPDATE conversations c SET last_seq = c.last_seq + 1, status = 'OPEN', team_status = 'OPEN', latest_task = $1, updatetime = $15
       FROM ctx
      WHERE c.uuid = ctx.uuid AND ctx.same_app AND ctx.is_member AND ctx.device_ok
      RETURNING c.last_seq),
   stored AS (
     INSERT INTO messages (uuid, app_uuid, conversation_uuid, seq, conversation_type, from_uuid, from_type, from_device_uuid,
                           to_uuid, to_type, message_type, message_subtype, title, body, content_hash, createtime)
     SELECT $1, $2, $3, numbered.last_seq, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 FROM numbered
     RETURNING seq),
   members AS (
     UPDATE conversation_members
        SET conversation_status = 'OPEN', updatetime = $15,
            read_seq = CASE WHEN user_uuid = $5 THEN (SELECT seq FROM stored) ELSE read_seq END
      WHERE conversation_uuid = $3 AND EXISTS (SELECT 1 FROM stored)
      RETURNING user_uuid),
   sender AS (
     UPDATE users SET latest_send_message_time = $15 WHERE uuid = $5 AND EXISTS (SELECT 1 FROM stored)),
   deliveries AS (
     INSERT INTO deliveries (uuid, app_uuid, message_uuid, conversation_uuid, seq, user_uuid, device_uuid, createtime)
     SELECT gen_random_uuid(), $2, $1, $3, (SELECT seq FROM stored), d.user_uuid, d.uuid, $15
       FROM conversation_members m
       JOIN devices d ON d.app_uuid = $2 AND d.user_uuid = m.user_uuid
      WHERE m.conversation_uuid = $3 AND d.uuid IS DISTINCT FROM $7::uuid AND EXISTS (SELECT 1 FROM stored)
     ON CONFLICT (message_uuid, device_uuid) DO NOTHING
     RETURNING uuid, device_uuid),
   member_views AS (
     UPDATE member_conversation_views
        SET conversation_status = 'OPEN', last_activity_at = $15, latest_message_uuid = $1, message_total_count = (SELECT seq FROM stored),
            unread_count = CASE WHEN user_uuid = $5 THEN 0 ELSE unread_count + 1 END
      WHERE conversation_uuid = $3 AND EXISTS (SELECT 1 FROM stored)),
   inbox AS (
     UPDATE team_inbox_views
        SET team_status = 'OPEN', last_activity_at = $15, latest_message_uuid = $1, message_total_count = (SELECT seq FROM stored)
      WHERE conversation_uuid = $3 AND EXISTS (SELECT 1 FROM stored)),
   outbox AS (
     INSERT INTO outbox_events (app_uuid, event_type, payload)
     SELECT $2, 'MessageSent',
            $16::jsonb || jsonb_build_object('seq', stored.seq, 'member_uuids', COALESCE((SELECT jsonb_agg(user_uuid) FROM members), '[]'::jsonb))
       FROM stored
     RETURNING id)
   SELECT ctx.uuid IS NOT NULL AS found, ctx.same_app, ctx.is_member, ctx.device_ok,
          (SELECT seq FROM stored) AS seq,
          (SELECT array_agg(user_uuid) FROM members) AS members,
          (SELECT array_agg(uuid) FROM deliveries) AS delivery_uuids,
          (SELECT array_agg(device_uuid) FROM deliveries) AS delivery_devices,
          (SELECT id FROM outbox) AS outbox_id
     FROM (VALUES (1)) AS one LEFT JOIN ctx ON true`;

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
   * Stores the message and everything that follows from it in one statement, so that outside a
   * transaction a send is a single round trip and still atomic:
   *
   * - the checks: the conversation exists in the sender's app, the sender is a member, and the
   *   sending device (if named) is the sender's. When one fails, nothing is written and the
   *   outcome reports which;
   * - the conversation's sequence update numbers the message and locks the conversation row,
   *   which orders concurrent senders of that conversation (and only of that one);
   * - the message row: a plain insert, so a uuid that is already taken fails the whole statement
   *   with a unique violation on `pk_messages` and the sequence number is not used up;
   * - every member's row re-opens (the sender has read up to its own message) and the sender's
   *   last-send time moves;
   * - one delivery for every device of every member except the sending device. Deliveries are
   *   rows per device, online or not: catch-up is then an exact per-device query
   *   (GET_UNACKED_MESSAGES) and ACK_MESSAGE marks single rows;
   * - both read models (each member's list row and the team inbox row), as
   *   `ConversationProjector.rebuild` computes them;
   * - the `MessageSent` outbox record, from `draft.event` with the sequence number and members
   *   filled in.
   *
   * A stored message comes back with its outbox row id and its deliveries, so this node can push
   * it at once without reading them again.
   */
  async writeMessage(manager: EntityManager, draft: MessageDraft): Promise<WriteOutcome> {
    const { row, event } = draft;
    const [result] = await preparedQuery<{
      found: boolean;
      same_app: boolean | null;
      is_member: boolean | null;
      device_ok: boolean | null;
      seq: string | null;
      members: string[] | null;
      delivery_uuids: string[] | null;
      delivery_devices: string[] | null;
      outbox_id: string | null;
    }>(
      manager,
      'send_write_message',
      SEND_MESSAGE_SQL,
      [
        row.uuid, row.app_uuid, row.conversation_uuid, row.conversation_type, row.from_uuid, row.from_type, row.from_device_uuid,
        row.to_uuid, row.to_type, row.message_type, row.message_subtype, row.title, row.body, row.content_hash, row.createtime,
        JSON.stringify(event.payload()),
      ],
    );
    if (result.seq !== null) {
      const devices = result.delivery_devices ?? [];
      const deliveries = (result.delivery_uuids ?? []).map((uuid, index) => ({ uuid, device_uuid: devices[index] }));
      return { stored: true, seq: Number(result.seq), memberUuids: result.members ?? [], publication: { outboxId: String(result.outbox_id), deliveries } };
    }
    return { stored: false, found: result.found, sameApp: result.same_app === true, isMember: result.is_member === true, deviceOk: result.device_ok === true };
  }
}
