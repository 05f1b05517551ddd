import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A person: a service user (agent) or a portal user (visitor). Agents log in with an email that
 * is unique across all apps; visitors belong to one app, and their email and `ppcom_trace_uuid`
 * are unique within it. Removed users keep their row (with `removed_at`) so history can still
 * name the sender.
 */
@Entity({ name: 'users' })
@Index('uq_users_service_email', ['email_key'], { unique: true, where: `user_type = 'SERVICE' AND removed_at IS NULL` })
@Index('uq_users_portal_email', ['app_uuid', 'email_key'], {
  unique: true,
  where: `user_type = 'PORTAL' AND removed_at IS NULL`,
})
@Index('uq_users_trace', ['app_uuid', 'ppcom_trace_uuid'], { unique: true, where: 'ppcom_trace_uuid IS NOT NULL' })
export class UserEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  uuid: string;

  /** The app the user was created in; a visitor's only app. */
  @Column('uuid')
  app_uuid: string;

  /** SERVICE (agent) or PORTAL (visitor). */
  @Column('varchar', { length: 16 })
  user_type: string;

  @Column('varchar', { length: 254, nullable: true })
  user_name: string | null;

  @Column('varchar', { length: 254, nullable: true })
  user_email: string | null;

  /** Lower-cased, trimmed `user_email`, the key of the uniqueness rules. */
  @Column('varchar', { length: 254, nullable: true })
  email_key: string | null;

  /** Slow hash (argon2id) of the SHA-1 hex the client sends; never returned. */
  @Column('varchar', { length: 256, nullable: true })
  password_hash: string | null;

  /** OWNER_0..3, ADMIN, SERVICE, ANONYMOUS or THIRDPARTY. */
  @Column('varchar', { length: 64, nullable: true })
  user_status: string | null;

  @Column('varchar', { length: 128, nullable: true })
  user_firstname: string | null;

  @Column('varchar', { length: 128, nullable: true })
  user_lastname: string | null;

  @Column('varchar', { length: 128, nullable: true })
  user_fullname: string | null;

  @Column('varchar', { length: 1024, nullable: true })
  user_icon: string | null;

  @Column('varchar', { length: 64, nullable: true })
  user_mobile: string | null;

  @Column('varchar', { length: 64, nullable: true })
  user_qq: string | null;

  @Column('varchar', { length: 64, nullable: true })
  user_wechat: string | null;

  @Column('varchar', { length: 512, nullable: true })
  user_signature: string | null;

  @Column('text', { nullable: true })
  user_defined: string | null;

  @Column('uuid', { nullable: true })
  mobile_device_uuid: string | null;

  @Column('uuid', { nullable: true })
  browser_device_uuid: string | null;

  @Column('uuid', { nullable: true })
  ppcom_mobile_device_uuid: string | null;

  @Column('uuid', { nullable: true })
  ppcom_browser_device_uuid: string | null;

  @Column('varchar', { length: 16, nullable: true })
  user_language: string | null;

  @Column('boolean', { nullable: true })
  user_silence_notification: boolean | null;

  @Column('boolean', { nullable: true })
  user_show_badge: boolean | null;

  @Column('boolean', { nullable: true })
  user_mute_notification: boolean | null;

  @Column('boolean', { nullable: true })
  user_mute_other_mobile_device: boolean | null;

  @Column('varchar', { length: 128, nullable: true })
  user_company: string | null;

  @Column('boolean', { default: false })
  is_email_verified: boolean;

  @Column('boolean', { default: false })
  is_mobile_verified: boolean;

  @Column('varchar', { length: 16, nullable: true })
  create_status: string | null;

  /** READY, BUSY or REST for agents; null for visitors. */
  @Column('varchar', { length: 16, nullable: true })
  service_user_status: string | null;

  @Column('boolean', { default: false })
  is_anonymous_user: boolean;

  @Column('varchar', { length: 64, nullable: true })
  ppcom_trace_uuid: string | null;

  @Column('timestamp with time zone', { precision: 6, nullable: true })
  latest_send_message_time: Date | null;

  @Column('timestamp with time zone', { precision: 6, nullable: true })
  removed_at: Date | null;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  updatetime: Date;
}
