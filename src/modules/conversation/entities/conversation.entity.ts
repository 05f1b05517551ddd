import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A conversation (write side). `last_seq` hands out the per-conversation message numbers. */
@Entity({ name: 'conversations' })
@Index('ix_conversations_group', ['app_uuid', 'user_uuid', 'group_uuid'])
@Index('ix_conversations_assigned', ['app_uuid', 'user_uuid', 'assigned_uuid'])
export class ConversationEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_conversations' })
  uuid: string;

  @Column('uuid')
  app_uuid: string;

  /** The creator. */
  @Column('uuid')
  user_uuid: string;

  @Column('uuid', { nullable: true })
  assigned_uuid: string | null;

  @Column('uuid', { nullable: true })
  group_uuid: string | null;

  /** NEW until the first message, then OPEN. */
  @Column('varchar', { length: 16, default: 'NEW' })
  status: string;

  @Column('varchar', { length: 512, nullable: true })
  conversation_name: string | null;

  @Column('varchar', { length: 1024, nullable: true })
  conversation_icon: string | null;

  /** P2S or S2S. */
  @Column('varchar', { length: 8 })
  conversation_type: string;

  /** Uuid of the newest message (`latest_task` on the wire). */
  @Column('uuid', { nullable: true })
  latest_task: string | null;

  @Column('bigint', { default: 0 })
  last_seq: string;

  /** OPEN while the conversation is in the team inbox, CLOSE once an agent closed it. */
  @Column('varchar', { length: 16, default: 'OPEN' })
  team_status: string;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  updatetime: Date;
}
