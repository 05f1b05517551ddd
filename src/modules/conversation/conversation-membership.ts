import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { uniqueViolation } from '../../common/database/transaction';
import { DomainEvent } from '../../common/events/domain-event';
import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';
import { AlreadyMemberError, InvalidMemberChangeError, NotMemberError } from './conversation-member.errors';
import { UserNotFoundError } from './conversation.errors';
import { ConversationMemberEntity } from './entities/conversation-member.entity';
import { ConversationEntity } from './entities/conversation.entity';
import { ConversationMembersAddedEvent } from './events/conversation-members-added.event';
import { ConversationMembersRemovedEvent } from './events/conversation-members-removed.event';
import { Participant, ParticipantDirectory } from './participant-directory';

/**
 * Adds and removes conversation members inside the caller's transaction and returns the event
 * that keeps the read models in step. Each change is applied whole or rejected whole.
 */
@Injectable()
export class ConversationMembership {
  constructor(private readonly directory: ParticipantDirectory) {}

  async add(manager: EntityManager, conversation: ConversationEntity, userUuids: string[], groupUuid: string | null, now: Date): Promise<DomainEvent> {
    if (groupUuid && !(await this.directory.groupExists(manager, conversation.app_uuid, groupUuid))) {
      throw new ApiError(ApiErrorCode.NO_ORG_GROUP, `org group ${groupUuid} not found in app ${conversation.app_uuid}`);
    }
    const services = (await this.directory.findMany(conversation.app_uuid, userUuids, manager)).filter((participant) => participant.isService);
    const missing = userUuids.filter((uuid) => !services.some((participant) => participant.uuid === uuid));
    if (missing.length > 0) {
      throw new UserNotFoundError(missing[0]);
    }
    const present = await this.memberUuids(manager, conversation.uuid, userUuids);
    if (present.length > 0) {
      throw new AlreadyMemberError(conversation.uuid, present);
    }

    const creator = await this.directory.find(conversation.app_uuid, conversation.user_uuid, manager);
    const rows = services.map((participant) => this.memberRow(conversation, participant, creator, now));
    try {
      await manager.getRepository(ConversationMemberEntity).insert(rows);
    } catch (error) {
      // A concurrent request added the same user between the check and the insert.
      if (uniqueViolation(error) !== undefined) {
        throw new AlreadyMemberError(conversation.uuid, userUuids);
      }
      throw error;
    }
    await manager
      .getRepository(ConversationEntity)
      .update({ uuid: conversation.uuid }, groupUuid ? { group_uuid: groupUuid, updatetime: now } : { updatetime: now });
    return new ConversationMembersAddedEvent(conversation.app_uuid, conversation.uuid, userUuids, groupUuid, now);
  }

  async remove(manager: EntityManager, conversation: ConversationEntity, userUuids: string[], now: Date): Promise<DomainEvent> {
    if (userUuids.includes(conversation.user_uuid)) {
      throw new InvalidMemberChangeError(`the creator ${conversation.user_uuid} cannot be removed from conversation ${conversation.uuid}`);
    }
    const present = await this.memberUuids(manager, conversation.uuid, userUuids);
    const missing = userUuids.filter((uuid) => !present.includes(uuid));
    if (missing.length > 0) {
      throw new NotMemberError(conversation.uuid, missing);
    }

    await manager.query(`DELETE FROM conversation_members WHERE conversation_uuid = $1 AND user_uuid = ANY($2::uuid[])`, [conversation.uuid, userUuids]);
    // `assigned_uuid` names the conversation's single agent; it must not name someone who left.
    const assignedLeft = conversation.assigned_uuid !== null && userUuids.includes(conversation.assigned_uuid);
    await manager
      .getRepository(ConversationEntity)
      .update({ uuid: conversation.uuid }, assignedLeft ? { assigned_uuid: null, updatetime: now } : { updatetime: now });
    return new ConversationMembersRemovedEvent(conversation.app_uuid, conversation.uuid, userUuids, now);
  }

  private async memberUuids(manager: EntityManager, conversationUuid: string, userUuids: string[]): Promise<string[]> {
    const rows: { user_uuid: string }[] = await manager.query(
      `SELECT user_uuid FROM conversation_members WHERE conversation_uuid = $1 AND user_uuid = ANY($2::uuid[])`,
      [conversationUuid, userUuids],
    );
    return rows.map((row) => row.user_uuid);
  }

  /** Builds the member row. In a visitor conversation an added agent gets the visitor's name and icon, as agents added at creation do. */
  private memberRow(conversation: ConversationEntity, participant: Participant, creator: Participant | null, now: Date): ConversationMemberEntity {
    const visitorConversation = conversation.conversation_type === 'P2S';
    const row = new ConversationMemberEntity();
    Object.assign(row, {
      uuid: randomUUID(),
      app_uuid: conversation.app_uuid,
      conversation_uuid: conversation.uuid,
      user_uuid: participant.uuid,
      conversation_type: conversation.conversation_type,
      conversation_name: visitorConversation ? (conversation.conversation_name ?? creator?.fullname ?? null) : conversation.conversation_name,
      conversation_icon: visitorConversation ? (creator?.icon ?? null) : null,
      user_name: participant.fullname,
      user_mute_notification: null,
      conversation_status: 'OPEN',
      read_seq: '0',
      createtime: now,
      updatetime: now,
    });
    return row;
  }
}
