import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Read model: one row per (member, conversation) for a user's conversation list, ordered by the
 * index on (app, user, status, last activity). Rebuildable from the write tables. Every stored
 * message updates the rows of its conversation, found through the index on the conversation.
 */
@Entity({ name: 'member_conversation_views' })
@Index('ix_member_conversation_views_list', ['app_uuid', 'user_uuid', 'conversation_status', 'last_activity_at', 'conversation_uuid'])
@Index('ix_member_conversation_views_conversation', ['conversation_uuid'])
export class MemberConversationViewEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_member_conversation_views' })
  user_uuid: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_member_conversation_views' })
  conversation_uuid: string;

  @Column('uuid')
  app_uuid: string;

  @Column('varchar', { length: 16 })
  conversation_status: string;

  @Column('timestamp with time zone', { precision: 6 })
  last_activity_at: Date;

  @Column('uuid', { nullable: true })
  latest_message_uuid: string | null;

  @Column('integer', { default: 0 })
  message_total_count: number;

  @Column('integer', { default: 0 })
  unread_count: number;
}
