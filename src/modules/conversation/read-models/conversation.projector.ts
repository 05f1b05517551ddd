import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { returningRows } from '../../../common/database/transaction';
import { DomainEvent } from '../../../common/events/domain-event';
import { ConversationAssignedEvent } from '../events/conversation-assigned.event';
import { ConversationClosedEvent } from '../events/conversation-closed.event';
import { ConversationCreatedEvent } from '../events/conversation-created.event';
import { ConversationMembersAddedEvent } from '../events/conversation-members-added.event';
import { ConversationMembersRemovedEvent } from '../events/conversation-members-removed.event';
import { ConversationOpenedEvent } from '../events/conversation-opened.event';

/**
 * Keeps the conversation read models (each member's list rows and the team inbox) current.
 *
 * Consistency choice: command handlers call `apply` inside their own transaction, so a caller's
 * next list request always sees its change, and a failed command leaves no half-updated list.
 * A stored message is the exception in form only: the statement that stores it
 * (`MessageStore.writeMessages`) updates both read models itself, to keep a send one round trip.
 * The same events go to the outbox for the effects that may lag (pushes). `rebuild` recomputes
 * both read models from the write tables alone; it must produce exactly what `apply` maintains.
 */
@Injectable()
export class ConversationProjector {
  async apply(manager: EntityManager, events: DomainEvent[]): Promise<void> {
    for (const event of events) {
      if (event instanceof ConversationCreatedEvent) {
        await this.onCreated(manager, event);
      } else if (event instanceof ConversationAssignedEvent) {
        await this.onAssigned(manager, event);
      } else if (event instanceof ConversationMembersAddedEvent) {
        await this.onMembersAdded(manager, event);
      } else if (event instanceof ConversationMembersRemovedEvent) {
        await this.onMembersRemoved(manager, event);
      } else if (event instanceof ConversationClosedEvent) {
        await this.onStatusChanged(manager, event.conversationUuid, event.userUuid, 'CLOSE', event.forTeam);
      } else if (event instanceof ConversationOpenedEvent) {
        await this.onStatusChanged(manager, event.conversationUuid, event.userUuid, 'OPEN', event.forTeam);
      }
    }
  }

  /** Recomputes a member's unread count from the read position after it moved. */
  async refreshUnread(manager: EntityManager, conversationUuid: string, userUuid: string): Promise<number> {
    const result: unknown = await manager.query(
      `UPDATE member_conversation_views v
          SET unread_count = (SELECT count(*) FROM messages x
                               WHERE x.conversation_uuid = m.conversation_uuid AND x.seq > m.read_seq AND x.from_uuid <> m.user_uuid)
         FROM conversation_members m
        WHERE m.conversation_uuid = $1 AND m.user_uuid = $2
          AND v.conversation_uuid = m.conversation_uuid AND v.user_uuid = m.user_uuid
        RETURNING v.unread_count`,
      [conversationUuid, userUuid],
    );
    return returningRows<{ unread_count: number }>(result)[0]?.unread_count ?? 0;
  }

  /** Rebuilds both read models of one app, or of every app when `appUuid` is null. */
  async rebuild(manager: EntityManager, appUuid: string | null): Promise<void> {
    await manager.query(`DELETE FROM member_conversation_views WHERE $1::uuid IS NULL OR app_uuid = $1`, [appUuid]);
    await manager.query(`DELETE FROM team_inbox_views WHERE $1::uuid IS NULL OR app_uuid = $1`, [appUuid]);
    await manager.query(
      `INSERT INTO member_conversation_views
              (user_uuid, conversation_uuid, app_uuid, conversation_status, last_activity_at, latest_message_uuid, message_total_count, unread_count)
       SELECT m.user_uuid, m.conversation_uuid, m.app_uuid, m.conversation_status,
              COALESCE(latest.createtime, c.createtime), c.latest_task, c.last_seq,
              (SELECT count(*) FROM messages x
                WHERE x.conversation_uuid = m.conversation_uuid AND x.seq > m.read_seq AND x.from_uuid <> m.user_uuid)
         FROM conversation_members m
         JOIN conversations c ON c.uuid = m.conversation_uuid
         LEFT JOIN messages latest ON latest.uuid = c.latest_task
        WHERE $1::uuid IS NULL OR m.app_uuid = $1`,
      [appUuid],
    );
    await manager.query(
      `INSERT INTO team_inbox_views (conversation_uuid, app_uuid, team_status, last_activity_at, latest_message_uuid, message_total_count)
       SELECT c.uuid, c.app_uuid, c.team_status, COALESCE(latest.createtime, c.createtime), c.latest_task, c.last_seq
         FROM conversations c
         LEFT JOIN messages latest ON latest.uuid = c.latest_task
        WHERE c.conversation_type = 'P2S' AND ($1::uuid IS NULL OR c.app_uuid = $1)`,
      [appUuid],
    );
  }

  private async onCreated(manager: EntityManager, event: ConversationCreatedEvent): Promise<void> {
    await manager.query(
      `INSERT INTO member_conversation_views
              (user_uuid, conversation_uuid, app_uuid, conversation_status, last_activity_at, latest_message_uuid, message_total_count, unread_count)
       SELECT member, $1, $2, 'NEW', $3, NULL, 0, 0 FROM unnest($4::uuid[]) AS member
       ON CONFLICT DO NOTHING`,
      [event.conversationUuid, event.appUuid, event.occurredAt, event.memberUuids],
    );
    if (event.conversationType === 'P2S') {
      await manager.query(
        `INSERT INTO team_inbox_views (conversation_uuid, app_uuid, team_status, last_activity_at, latest_message_uuid, message_total_count)
         VALUES ($1, $2, 'OPEN', $3, NULL, 0) ON CONFLICT DO NOTHING`,
        [event.conversationUuid, event.appUuid, event.occurredAt],
      );
    }
  }

  /**
   * A service user joined by replying from the team inbox. The row is computed from the member's
   * read position as `rebuild` does: the reply that made them join is stored before this runs
   * and has moved their read position to it, so they start with nothing unread.
   */
  private async onAssigned(manager: EntityManager, event: ConversationAssignedEvent): Promise<void> {
    await this.insertMemberViews(manager, event.conversationUuid, [event.userUuid]);
  }

  private async onMembersAdded(manager: EntityManager, event: ConversationMembersAddedEvent): Promise<void> {
    await this.insertMemberViews(manager, event.conversationUuid, event.userUuids);
  }

  private async insertMemberViews(manager: EntityManager, conversationUuid: string, userUuids: string[]): Promise<void> {
    // Added members start OPEN. Their unread count is computed as `rebuild` does, so a member
    // who sent messages before being removed and added again gets the same number either way.
    await manager.query(
      `INSERT INTO member_conversation_views
              (user_uuid, conversation_uuid, app_uuid, conversation_status, last_activity_at, latest_message_uuid, message_total_count, unread_count)
       SELECT m.user_uuid, c.uuid, c.app_uuid, m.conversation_status, COALESCE(latest.createtime, c.createtime), c.latest_task, c.last_seq,
              (SELECT count(*) FROM messages x
                WHERE x.conversation_uuid = m.conversation_uuid AND x.seq > m.read_seq AND x.from_uuid <> m.user_uuid)
         FROM conversation_members m
         JOIN conversations c ON c.uuid = m.conversation_uuid
         LEFT JOIN messages latest ON latest.uuid = c.latest_task
        WHERE m.conversation_uuid = $1 AND m.user_uuid = ANY($2::uuid[])
       ON CONFLICT DO NOTHING`,
      [conversationUuid, userUuids],
    );
  }

  private async onMembersRemoved(manager: EntityManager, event: ConversationMembersRemovedEvent): Promise<void> {
    await manager.query(`DELETE FROM member_conversation_views WHERE conversation_uuid = $1 AND user_uuid = ANY($2::uuid[])`, [
      event.conversationUuid,
      event.userUuids,
    ]);
  }

  private async onStatusChanged(manager: EntityManager, conversationUuid: string, userUuid: string, status: 'OPEN' | 'CLOSE', forTeam: boolean): Promise<void> {
    await manager.query(`UPDATE member_conversation_views SET conversation_status = $3 WHERE conversation_uuid = $1 AND user_uuid = $2`, [
      conversationUuid,
      userUuid,
      status,
    ]);
    if (forTeam) {
      await manager.query(`UPDATE team_inbox_views SET team_status = $2 WHERE conversation_uuid = $1`, [conversationUuid, status]);
    }
  }
}
