import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../../common/database/transaction';
import { ConversationEntity } from '../conversation/entities/conversation.entity';
import { MessageEntity } from './entities/message.entity';
import { SendMessageDto } from './dto/send-message.dto';

export interface WrittenMessage {
  row: MessageEntity;
  memberUuids: string[];
  deliveries: number;
}

export interface SendContext {
  conversation: ConversationEntity;
  senderIsMember: boolean;
  deviceBelongsToSender: boolean;
}

/** Reads and writes of the send path, as few round trips as the checks allow. */
@Injectable()
export class MessageStore {
  async findByUuid(manager: EntityManager, uuid: string): Promise<MessageEntity | null> {
    return manager.getRepository(MessageEntity).findOne({ where: { uuid } });
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
   * Stores the message and what follows from it in one statement. The conversation's sequence
   * update numbers the message and locks the conversation row, which orders concurrent senders of
   * that conversation (and only of that one). The conversation re-opens for every member (the
   * sender has read up to its own message), the sender's last-send time moves, and every device
   * of every member except the sending device gets one delivery.
   *
   * Deliveries are rows per device, online or not: catch-up is then an exact per-device query
   * (GET_UNACKED_MESSAGES) and ACK_MESSAGE marks single rows; the cost is one row per recipient
   * device per message, written here, which the send benchmark includes.
   *
   * Returns null when the uuid is already taken; the caller then rolls the transaction back, so
   * the sequence number is not used up.
   */
  async writeMessage(manager: EntityManager, message: SendMessageDto, conversationType: string, body: string, contentHash: string, now: Date): Promise<WrittenMessage | null> {
    const row: MessageEntity = {
      uuid: message.uuid,
      app_uuid: message.app_uuid,
      conversation_uuid: message.conversation_uuid,
      seq: '0',
      conversation_type: conversationType,
      from_uuid: message.from_uuid,
      from_type: message.from_type,
      from_device_uuid: message.device_uuid ?? null,
      to_uuid: message.to_uuid,
      to_type: message.to_type,
      message_type: message.message_type,
      message_subtype: message.message_subtype,
      title: null,
      body,
      content_hash: contentHash,
      createtime: now,
    };
    const [result] = await preparedQuery<{ seq: string | null; members: string[] | null; deliveries: number }>(
      manager,
      'send_write_message',
      `WITH numbered AS (
         UPDATE conversations SET last_seq = last_seq + 1, status = 'OPEN', team_status = 'OPEN', latest_task = $1, updatetime = $15
          WHERE uuid = $3
          RETURNING last_seq),
       stored AS (
         INSERT INTO messages (uuid, app_uuid, conversation_uuid, seq, conversation_type, from_uuid, from_type, from_device_uuid,
                               to_uuid, to_type, message_type, message_subtype, title, body, content_hash, createtime)
         SELECT $1, $2, $3, numbered.last_seq, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 FROM numbered
         ON CONFLICT (uuid) DO NOTHING
         RETURNING uuid, seq),
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
         RETURNING uuid)
       SELECT (SELECT seq FROM stored) AS seq,
              (SELECT array_agg(user_uuid) FROM members) AS members,
              (SELECT count(*)::int FROM deliveries) AS deliveries`,
      [
        row.uuid, row.app_uuid, row.conversation_uuid, row.conversation_type, row.from_uuid, row.from_type, row.from_device_uuid,
        row.to_uuid, row.to_type, row.message_type, row.message_subtype, row.title, row.body, row.content_hash, row.createtime,
      ],
    );
    if (result.seq === null) {
      return null;
    }
    return { row: { ...row, seq: String(result.seq) }, memberUuids: result.members ?? [], deliveries: result.deliveries };
  }
}
