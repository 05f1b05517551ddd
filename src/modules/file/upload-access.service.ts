import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiLevel } from '../../common/auth/api-level';
import { Principal } from '../../common/auth/principal';
import { createLogger } from '../../common/logging/logger';
import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';
import { UUID_PATTERN } from '../../common/validation/protocol-validators';
import { TokenService } from '../auth/token.service';
import { UploadRateLimitedError, UploadTokenRequiredError } from './file.errors';
import { UploadRateLimiter } from './upload-rate-limiter';

const AUTHORIZATION_PATTERN = /^(oauth|bearer) ([^\s]+)$/i;

/** Owner of an upload: the app that owns the file, and the uploading user when known. */
export interface Uploader {
  appUuid: string;
  userUuid: string | null;
}

/**
 * Decides who may upload. A token of any level but PPCONSOLE_BEFORE_LOGIN uploads into its app.
 * Without a token, a visitor's `user_uuid` uploads into the visitor's app when that app allows
 * anonymous uploads, because the stock widget's upload form identifies the visitor that way.
 */
@Injectable()
export class UploadAccessService {
  private readonly logger = createLogger(UploadAccessService.name);

  constructor(
    private readonly tokens: TokenService,
    private readonly limiter: UploadRateLimiter,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Checks the Authorization header, when there is one, before any of the body is read. */
  async principalOf(authorization: string | undefined): Promise<Principal | null> {
    if (authorization === undefined) {
      return null;
    }
    const match = AUTHORIZATION_PATTERN.exec(authorization.trim());
    if (!match) {
      throw new ApiError(ApiErrorCode.NO_ACCESS_TOKEN, 'Authorization header is malformed');
    }
    const principal = await this.tokens.authenticate(match[2]);
    if (!principal || principal.level === ApiLevel.PPCONSOLE_BEFORE_LOGIN) {
      throw new ApiError(ApiErrorCode.WRONG_ACCESS_TOKEN, 'token is unknown, expired, revoked or not logged in');
    }
    return principal;
  }

  /** Resolves the uploader and takes one upload from its rate budget. */
  async admit(principal: Principal | null, userUuidField: string | undefined, clientIp: string): Promise<Uploader> {
    const userUuid = userUuidField === undefined || userUuidField === '' ? null : userUuidField.toLowerCase();
    if (userUuid !== null && !UUID_PATTERN.test(userUuid)) {
      throw new ApiError(ApiErrorCode.INVALID_PARA, 'user_uuid is not a uuid');
    }
    const uploader = principal ? await this.withToken(principal, userUuid) : await this.anonymous(userUuid);
    const rateKey = principal ? `token:${principal.tokenUuid}` : `visitor:${clientIp}:${uploader.userUuid}`;
    const retryAfter = this.limiter.take(rateKey);
    if (retryAfter > 0) {
      throw new UploadRateLimitedError(rateKey, retryAfter);
    }
    return uploader;
  }

  private async withToken(principal: Principal, userUuid: string | null): Promise<Uploader> {
    if (userUuid === null) {
      return { appUuid: principal.appUuid, userUuid: principal.userUuid };
    }
    if (principal.userUuid !== null && principal.userUuid !== userUuid) {
      throw new ApiError(ApiErrorCode.NO_PERM, `token ${principal.tokenUuid} acts as ${principal.userUuid}, not ${userUuid}`);
    }
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM app_users m JOIN users u ON u.uuid = m.user_uuid
        WHERE m.app_uuid = $1 AND m.user_uuid = $2 AND u.removed_at IS NULL`,
      [principal.appUuid, userUuid],
    );
    if (rows.length === 0) {
      throw new ApiError(ApiErrorCode.NO_USER, `user ${userUuid} is not in app ${principal.appUuid}`);
    }
    return { appUuid: principal.appUuid, userUuid };
  }

  private async anonymous(userUuid: string | null): Promise<Uploader> {
    if (userUuid === null) {
      throw new UploadTokenRequiredError('upload without a token and without user_uuid');
    }
    const rows: { app_uuid: string; allow_anonymous_upload: boolean }[] = await this.dataSource.query(
      `SELECT u.app_uuid, a.allow_anonymous_upload FROM users u JOIN apps a ON a.uuid = u.app_uuid
        WHERE u.uuid = $1 AND u.user_type = 'PORTAL' AND u.removed_at IS NULL`,
      [userUuid],
    );
    if (rows.length === 0) {
      throw new ApiError(ApiErrorCode.NO_USER, `no visitor ${userUuid} for an anonymous upload`);
    }
    if (!rows[0].allow_anonymous_upload) {
      this.logger.warn({ user_uuid: userUuid, app_uuid: rows[0].app_uuid }, 'anonymous upload rejected: the app requires a token');
      throw new UploadTokenRequiredError(`app ${rows[0].app_uuid} does not allow anonymous uploads`);
    }
    return { appUuid: rows[0].app_uuid, userUuid };
  }
}
