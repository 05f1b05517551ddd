import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A member of a conversation with that member's own view and status (`conversation_data`). */
@Entity({ name: 'conversation_members' })
@Index('uq_conversation_members_member', ['conversation_uuid', 'user_uuid'], { unique: true })
@Index('ix_conversation_members_user', ['app_uuid', 'user_uuid'])
export class ConversationMemberEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_conversation_members' })
  uuid: string;

  @Column('uuid')
  app_uuid: string;

  @Column('uuid')
  conversation_uuid: string;

  @Column('uuid')
  user_uuid: string;

  @Column('varchar', { length: 8 })
  conversation_type: string;

  @Column('varchar', { length: 512, nullable: true })
  conversation_name: string | null;

  @Column('varchar', { length: 1024, nullable: true })
  conversation_icon: string | null;

  @Column('varchar', { length: 128, nullable: true })
  user_name: string | null;

  @Column('boolean', { nullable: true })
  user_mute_notification: boolean | null;

  /** NEW, OPEN or CLOSE, for this member only. */
  @Column('varchar', { length: 16, default: 'NEW' })
  conversation_status: string;

  /** Sequence number of the newest message this member has read. */
  @Column('bigint', { default: 0 })
  read_seq: string;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  updatetime: Date;
}
