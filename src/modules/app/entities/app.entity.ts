import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An app (a "team"): the tenant every other row belongs to. */
@Entity({ name: 'apps' })
export class AppEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_apps' })
  uuid: string;

  /** The owner; also a service user of the app. */
  @Column('uuid', { name: 'user_uuid' })
  user_uuid: string;

  @Column('varchar', { length: 512 })
  app_name: string;

  @Column('varchar', { length: 512, nullable: true })
  app_icon: string | null;

  @Column('varchar', { length: 512, nullable: true })
  company_name: string | null;

  /** BROADCAST, SMART or GROUP. */
  @Column('varchar', { length: 16, default: 'BROADCAST' })
  app_route_policy: string;

  @Column('varchar', { length: 254, nullable: true })
  app_billing_email: string | null;

  @Column('varchar', { length: 64, nullable: true })
  app_billing_uuid: string | null;

  @Column('boolean', { default: false })
  return_offline_message: boolean;

  @Column('text', { nullable: true })
  offline_message: string | null;

  @Column('text', { nullable: true })
  welcome_message: string | null;

  /** ALWAYS, ONCE or NEVER. */
  @Column('varchar', { length: 16, nullable: true })
  show_ppcom_hover: string | null;

  @Column('varchar', { length: 64, nullable: true })
  ppcom_launcher_color: string | null;

  /** DEFAULT, MATERIAL or ANIMATE. */
  @Column('varchar', { length: 16, nullable: true })
  ppcom_launcher_style: string | null;

  @Column('varchar', { length: 128, nullable: true })
  ppcom_powered_by_name: string | null;

  @Column('varchar', { length: 512, nullable: true })
  ppcom_powered_by_link: string | null;

  @Column('boolean', { nullable: true })
  ppcom_powered_by_visible: boolean | null;

  /** HMAC key for named visitors' `user_hash`; shown to console levels only. */
  @Column('varchar', { length: 128 })
  identity_secret: string;

  @Column('boolean', { default: false })
  identity_verification: boolean;

  /** Whether visitors may upload files without a token (the stock widget does). */
  @Column('boolean', { default: true })
  allow_anonymous_upload: boolean;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  updatetime: Date;
}
