import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An uploaded file. The random `uuid` is the only key clients see: whoever knows it can download
 * the file. A file is `referenced` once a message uses it; unreferenced files are swept after a day.
 */
@Entity({ name: 'files' })
@Index('ix_files_unreferenced', ['createtime'], { where: 'NOT referenced' })
@Index('ix_files_app', ['app_uuid', 'createtime'])
export class FileEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_files' })
  uuid: string;

  @Column('uuid')
  app_uuid: string;

  /** The uploader, when known; console and third-party tokens may upload for nobody. */
  @Column('uuid', { nullable: true })
  user_uuid: string | null;

  @Column('varchar', { length: 255 })
  file_name: string;

  @Column('bigint')
  file_size: string;

  /** Detected from the content; the client's declared type is not trusted. */
  @Column('varchar', { length: 128 })
  file_mime: string;

  @Column('char', { length: 40 })
  file_sha1: string;

  @Column('varchar', { length: 255 })
  storage_key: string;

  @Column('varchar', { length: 32, nullable: true })
  material_type: string | null;

  @Column('uuid', { nullable: true })
  thumbnail_uuid: string | null;

  @Column('integer', { nullable: true })
  image_width: number | null;

  @Column('integer', { nullable: true })
  image_height: number | null;

  /** Seconds of audio or video, when known. */
  @Column('double precision', { nullable: true })
  duration: number | null;

  @Column('boolean', { default: false })
  referenced: boolean;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;
}
