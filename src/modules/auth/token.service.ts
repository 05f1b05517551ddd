import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApiLevel } from '../../common/auth/api-level';
import { Principal } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { createLogger } from '../../common/logging/logger';
import { ApiKeyEntity } from './entities/api-key.entity';
import { ApiTokenEntity } from './entities/api-token.entity';
import { TokenCache } from './token-cache';

export interface IssuedToken {
  accessToken: string;
  tokenUuid: string;
  expiresIn: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Issues, authenticates and revokes access tokens. Only hashes of tokens are stored. */
@Injectable()
export class TokenService {
  private readonly logger = createLogger(TokenService.name);
  private readonly cache: TokenCache;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cache = new TokenCache(config.tokenCacheSize, config.tokenCacheTtlMs);
  }

  async issue(key: ApiKeyEntity, level: ApiLevel, userUuid: string | null): Promise<IssuedToken> {
    const accessToken = randomBytes(32).toString('base64url');
    const lifetime = this.config.tokenLifetimes[level as keyof AppConfig['tokenLifetimes']];
    const token: ApiTokenEntity = {
      uuid: randomUUID(),
      app_uuid: key.app_uuid,
      api_key_uuid: key.uuid,
      api_level: level,
      token_hash: hashToken(accessToken),
      user_uuid: userUuid,
      expires_at: new Date(Date.now() + lifetime * 1000),
      revoked_at: null,
      createtime: new Date(),
    };
    await this.dataSource.getRepository(ApiTokenEntity).insert(token);
    this.logger.info({ token_uuid: token.uuid, app_uuid: key.app_uuid, api_level: level, user_uuid: userUuid }, 'issued access token');
    return { accessToken, tokenUuid: token.uuid, expiresIn: lifetime };
  }

  /** Resolves a presented token to its principal; null when unknown, expired or revoked. */
  async authenticate(accessToken: string): Promise<Principal | null> {
    const tokenHash = hashToken(accessToken);
    const cached = this.cache.get(tokenHash);
    if (cached) {
      return cached;
    }
    const row = await this.dataSource.getRepository(ApiTokenEntity).findOne({ where: { token_hash: tokenHash } });
    if (!row || row.revoked_at !== null || row.expires_at.getTime() <= Date.now()) {
      return null;
    }
    const principal: Principal = {
      tokenUuid: row.uuid,
      appUuid: row.app_uuid,
      level: row.api_level as ApiLevel,
      userUuid: row.user_uuid,
    };
    this.cache.set(tokenHash, principal, row.expires_at.getTime());
    return principal;
  }

  /**
   * Binds a token that acts for nobody yet to `userUuid` (a PPCOM token and the first visitor it
   * identifies). Returns the user the token is bound to afterwards, which differs from `userUuid`
   * when the token was already bound.
   */
  async bindUser(tokenUuid: string, userUuid: string, manager?: EntityManager): Promise<string | null> {
    const repository = (manager ?? this.dataSource.manager).getRepository(ApiTokenEntity);
    await repository.update({ uuid: tokenUuid, user_uuid: IsNull() }, { user_uuid: userUuid });
    const row = await repository.findOne({ where: { uuid: tokenUuid } });
    this.cache.deleteWhere((principal) => principal.tokenUuid === tokenUuid);
    return row?.user_uuid ?? null;
  }

  /** Revokes every live token of a user except `keepTokenUuid`; returns how many were revoked. */
  async revokeUserTokens(userUuid: string, keepTokenUuid?: string, manager?: EntityManager): Promise<number> {
    const builder = (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .update(ApiTokenEntity)
      .set({ revoked_at: () => 'now()' })
      .where('user_uuid = :userUuid AND revoked_at IS NULL', { userUuid });
    if (keepTokenUuid) {
      builder.andWhere('uuid <> :keepTokenUuid', { keepTokenUuid });
    }
    const result = await builder.execute();
    this.forgetUser(userUuid, keepTokenUuid);
    this.logger.info({ user_uuid: userUuid, revoked: result.affected ?? 0 }, 'revoked user tokens');
    return result.affected ?? 0;
  }

  /** Drops cached principals of a user; call again after the revoking transaction commits. */
  forgetUser(userUuid: string, keepTokenUuid?: string): void {
    this.cache.deleteWhere((principal) => principal.userUuid === userUuid && principal.tokenUuid !== keepTokenUuid);
  }
}
