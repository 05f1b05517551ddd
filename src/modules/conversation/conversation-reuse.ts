import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConversationEntity } from './entities/conversation.entity';

export interface ReuseRequest {
  appUuid: string;
  creatorUuid: string;
  conversationType: string;
  memberList: string[] | undefined;
  groupUuid: string | null;
}

/**
 * Finds the existing conversation a create request should return instead of a new one, in
 * this order: same creator and group; same creator and single peer in a two-member
 * conversation; exactly the same member set; or, for a visitor conversation without a member
 * list, the creator's most recently updated conversation.
 */
@Injectable()
export class ConversationReuse {
  async find(manager: EntityManager, request: ReuseRequest): Promise<ConversationEntity | null> {
    const repository = manager.getRepository(ConversationEntity);
    const base = { app_uuid: request.appUuid, user_uuid: request.creatorUuid, conversation_type: request.conversationType };

    if (request.groupUuid) {
      return repository.findOne({ where: { ...base, group_uuid: request.groupUuid }, order: { updatetime: 'DESC' } });
    }
    if (request.memberList && request.memberList.length === 1) {
      const rows: ConversationEntity[] = await manager.query(
        `SELECT c.uuid FROM conversations c
          WHERE c.app_uuid = $1 AND c.user_uuid = $2 AND c.conversation_type = $3 AND c.assigned_uuid = $4
            AND (SELECT count(*) FROM conversation_members m WHERE m.conversation_uuid = c.uuid) = 2
          ORDER BY c.updatetime DESC LIMIT 1`,
        [request.appUuid, request.creatorUuid, request.conversationType, request.memberList[0]],
      );
      return rows[0] ? repository.findOneBy({ uuid: rows[0].uuid }) : null;
    }
    if (request.memberList && request.memberList.length > 1) {
      const memberSet = [...new Set([request.creatorUuid, ...request.memberList])].sort();
      const rows: ConversationEntity[] = await manager.query(
        `SELECT c.uuid FROM conversations c
          WHERE c.app_uuid = $1 AND c.user_uuid = $2 AND c.conversation_type = $3
            AND (SELECT array_agg(m.user_uuid::text ORDER BY m.user_uuid::text COLLATE "C") FROM conversation_members m
                  WHERE m.conversation_uuid = c.uuid) = $4::text[]
          ORDER BY c.updatetime DESC LIMIT 1`,
        [request.appUuid, request.creatorUuid, request.conversationType, memberSet],
      );
      return rows[0] ? repository.findOneBy({ uuid: rows[0].uuid }) : null;
    }
    if (request.conversationType === 'P2S') {
      return repository.findOne({ where: base, order: { updatetime: 'DESC' } });
    }
    return null;
  }
}
