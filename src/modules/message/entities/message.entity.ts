import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A stored message. The client-made `uuid` is the idempotency key; `seq` orders the messages of
 * one conversation totally, even when timestamps are equal.
 */
@Entity({ name: 'messages' })
@Index('uq_messages_conversation_seq', ['conversation_uuid', 'seq'], { unique: true })
@Index('ix_messages_app_createtime', ['app_uuid', 'createtime'])
export class MessageEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_messages' })
  uuid: string;

  @Column('uuid')
  app_uuid: string;

  @Column('uuid')
  conversation_uuid: string;

  @Column('bigint')
  seq: string;

  @Column('varchar', { length: 8 })
  conversation_type: string;

  @Column('uuid')
  from_uuid: string;

  @Column('varchar', { length: 8 })
  from_type: string;

  @Column('uuid', { nullable: true })
  from_device_uuid: string | null;

  @Column('varchar', { length: 64 })
  to_uuid: string;

  @Column('varchar', { length: 8 })
  to_type: string;

  @Column('varchar', { length: 16 })
  message_type: string;

  @Column('varchar', { length: 32 })
  message_subtype: string;

  @Column('varchar', { length: 512, nullable: true })
  title: string | null;

  /** The stored body (`bo`): the text, or the JSON of a file reference. */
  @Column('text')
  body: string;

  /** SHA-256 over conversation, sender and body; a retry must match it to count as the same message. */
  @Column('char', { length: 64 })
  content_hash: string;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;
}
