import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event recorded in the same transaction as the change it describes, so the relay can
 * publish it after a crash. The relay deletes a row once it is published, so the table holds
 * only what is still to publish. Consumers must be idempotent: an event may be published twice.
 */
@Entity({ name: 'outbox_events' })
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
}
