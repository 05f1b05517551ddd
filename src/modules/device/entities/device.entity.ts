import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A visitor's browser or an agent's app installation; the unit of delivery and presence. */
@Entity({ name: 'devices' })
@Index('uq_devices_terminal', ['app_uuid', 'terminal_uuid'], { unique: true })
@Index('ix_devices_user', ['app_uuid', 'user_uuid'])
@Index('ix_devices_online', ['app_uuid', 'device_is_online', 'is_ppcom_device'])
export class DeviceEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_devices' })
  uuid: string;

  @Column('uuid')
  app_uuid: string;

  @Column('uuid')
  user_uuid: string;

  /** The client's id of the terminal: `ppcom_trace_uuid` or `device_id`. */
  @Column('varchar', { length: 128 })
  terminal_uuid: string;

  @Column('varchar', { length: 128, nullable: true })
  device_fullname: string | null;

  @Column('varchar', { length: 64, nullable: true })
  device_phonenumber: string | null;

  /** AND, IOS, ANB, IOB, WIP, MAC, LIN, WIN, MAB, LIB, WIB, W32 or W64. */
  @Column('varchar', { length: 8 })
  device_ostype: string;

  @Column('varchar', { length: 64, nullable: true })
  device_osversion: string | null;

  @Column('varchar', { length: 64, nullable: true })
  device_android_apilevel: string | null;

  @Column('varchar', { length: 512, nullable: true })
  device_android_gcmtoken: string | null;

  @Column('boolean', { nullable: true })
  device_android_gcmpush: boolean | null;

  @Column('varchar', { length: 64, nullable: true })
  device_ios_model: string | null;

  @Column('varchar', { length: 512, nullable: true })
  device_ios_token: string | null;

  @Column('boolean', { default: false })
  device_is_online: boolean;

  /** Last heartbeat of the node holding this device's socket; stale means offline. */
  @Column('timestamp with time zone', { precision: 6, nullable: true })
  online_seen_at: Date | null;

  @Column('boolean', { default: false })
  is_ppcom_device: boolean;

  @Column('boolean', { default: false })
  is_development: boolean;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  updatetime: Date;
}
