import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An issued access token, stored only as the SHA-256 of the token string. */
@Entity({ name: 'api_tokens' })
@Index('uq_api_tokens_token_hash', ['token_hash'], { unique: true })
@Index('ix_api_tokens_user', ['user_uuid'])
@Index('ix_api_tokens_expires_at', ['expires_at'])
export class ApiTokenEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_api_tokens' })
  uuid: string;

  @Column('uuid')
  app_uuid: string;

  @Column('uuid')
  api_key_uuid: string;

  /** The token's level; PPCONSOLE_BEFORE_LOGIN for a PPCONSOLE key's client_credentials grant. */
  @Column('varchar', { length: 32 })
  api_level: string;

  @Column('char', { length: 64 })
  token_hash: string;

  /** The user the token acts as (password grant, or the visitor a PPCOM token was bound to). */
  @Column('uuid', { nullable: true })
  user_uuid: string | null;

  @Column('timestamp with time zone', { precision: 6 })
  expires_at: Date;

  @Column('timestamp with time zone', { precision: 6, nullable: true })
  revoked_at: Date | null;

  @Column('timestamp with time zone', { precision: 6, default: () => 'now()' })
  createtime: Date;
}
