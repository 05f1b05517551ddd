import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One message for one recipient device (`pid` on the wire); ACK_MESSAGE marks it acknowledged. */
@Entity({ name: 'deliveries' })
@Index('uq_deliveries_message_device', ['message_uuid', 'device_uuid'], { unique: true })
@Index('ix_deliveries_unacked', ['device_uuid', 'conversation_uuid', 'seq'], { where: 'acked_at IS NULL' })
@Index('ix_deliveries_createtime', ['createtime'])
export class DeliveryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_deliveries' })
  uuid: string;

  @Column('uuid')
  app_uuid: string;

  @Column('uuid')
  message_uuid: string;

  @Column('uuid')
  conversation_uuid: string;

  @Column('bigint')
  seq: string;

  @Column('uuid')
  user_uuid: string;

  @Column('uuid')
  device_uuid: string;

  @Column('timestamp with time zone', { precision: 6, nullable: true })
  acked_at: Date | null;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;
}
