import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A visitor waiting for an agent (the original's AMD queue). The entry is deleted in the
 * transaction that creates the visitor's conversation, or when the visitor cancels.
 */
@Entity({ name: 'waiting_visitors' })
@Index('uq_waiting_visitors_user', ['app_uuid', 'user_uuid'], { unique: true })
@Index('ix_waiting_visitors_fifo', ['app_uuid', 'createtime'])
export class WaitingVisitorEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_waiting_visitors' })
  uuid: string;

  @Column('uuid')
  app_uuid: string;

  @Column('uuid')
  user_uuid: string;

  /** The device told over its socket that it waits, and then which conversation it got. */
  @Column('uuid')
  device_uuid: string;

  /** The org group asked for; null means the app's distributor group. */
  @Column('uuid', { nullable: true })
  group_uuid: string | null;

  /** Queue position: the oldest entry of an app is assigned first. */
  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;
}
