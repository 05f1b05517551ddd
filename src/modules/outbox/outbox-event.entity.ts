import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event recorded in the same transaction as the change it describes, so the relay can
 * publish it after a crash. Consumers must be idempotent: an event may be published twice.
 */
@Entity({ name: 'outbox_events' })
@Index('ix_outbox_events_pending', ['id'], { where: 'published_at IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_outbox_events' })
  id: string;

  @Column('uuid')
  app_uuid: string;

  @Column('varchar', { length: 64 })
  event_type: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  created_at: Date;

  @Column('timestamp with time zone', { precision: 6, nullable: true })
  published_at: Date | null;
}
