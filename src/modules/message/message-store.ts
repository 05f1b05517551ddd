import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { returningRows } from '../../common/database/transaction';
import { ConversationEntity } from '../conversation/entities/conversation.entity';
import { MessageEntity } from './entities/message.entity';
import { SendMessageDto } from './dto/send-message.dto';

/**
 * Writes of the send path. `takeNextSeq` is the single-row update that both numbers the message
 * and serialises concurrent senders of one conversation (and only of that one).
 */
@Injectable()
export class MessageStore {
  async findByUuid(manager: EntityManager, uuid: string): Promise<MessageEntity | null> {
    return manager.getRepository(MessageEntity).findOne({ where: { uuid } });
  }

  /** Numbers the message, re-opens the conversation for the team and points it at the message. */
  async takeNextSeq(manager: EntityManager, conversationUuid: string, messageUuid: string, now: Date): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(ConversationEntity)
      .set({ last_seq: () => 'last_seq + 1', status: 'OPEN', team_status: 'OPEN', latest_task: messageUuid, updatetime: now })
      .where('uuid = :conversationUuid', { conversationUuid })
      .returning('last_seq')
      .execute();
    return Number((result.raw as { last_seq: string }[])[0].last_seq);
  }

  async insert(manager: EntityManager, message: SendMessageDto, conversationType: string, body: string, contentHash: string, seq: number, now: Date): Promise<MessageEntity> {
    const row = manager.getRepository(MessageEntity).create({
      uuid: message.uuid,
      app_uuid: message.app_uuid,
      conversation_uuid: message.conversation_uuid,
      seq: String(seq),
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
    });
    await manager.getRepository(MessageEntity).insert(row);
    return row;
  }

  /** Every member sees the conversation again; the sender has read up to its own message. */
  async reopenForMembers(manager: EntityManager, conversationUuid: string, senderUuid: string, seq: number, now: Date): Promise<string[]> {
    const result: unknown = await manager.query(
      `UPDATE conversation_members
          SET conversation_status = 'OPEN', updatetime = $4,
              read_seq = CASE WHEN user_uuid = $2 THEN $3::bigint ELSE read_seq END
        WHERE conversation_uuid = $1
        RETURNING user_uuid`,
      [conversationUuid, senderUuid, seq, now],
    );
    await manager.query(`UPDATE users SET latest_send_message_time = $2 WHERE uuid = $1`, [senderUuid, now]);
    return returningRows<{ user_uuid: string }>(result).map((row) => row.user_uuid);
  }
}
