import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One API key of an app; each app has exactly one per key level. */
@Entity({ name: 'api_keys' })
@Index('uq_api_keys_api_key', ['api_key'], { unique: true })
@Index('uq_api_keys_app_level', ['app_uuid', 'api_level'], { unique: true })
export class ApiKeyEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  uuid: string;

  @Column('uuid')
  app_uuid: string;

  @Column('varchar', { length: 32 })
  api_level: string;

  @Column('varchar', { length: 128 })
  api_key: string;

  /**
   * Kept readable because console levels may read it back (PP_GET_APP_INFO) and the owner needs
   * it to configure clients; tokens and passwords, by contrast, are stored only as hashes.
   */
  @Column('varchar', { length: 128 })
  api_secret: string;

  @Column('uuid', { nullable: true })
  user_uuid: string | null;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;
}
