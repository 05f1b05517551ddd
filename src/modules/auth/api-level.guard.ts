import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ApiLevel } from '../../common/auth/api-level';
import { API_LEVELS_KEY, PUBLIC_ROUTE_KEY } from '../../common/auth/api-levels.decorator';
import { Principal } from '../../common/auth/principal';
import { createLogger } from '../../common/logging/logger';
import { currentRequestContext } from '../../common/logging/request-context';
import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';
import { UUID_PATTERN } from '../../common/validation/protocol-validators';

const AUTHORIZATION_PATTERN = /^(oauth|bearer) ([^\s]+)$/i;

/**
 * Every request's entry check, in the protocol's order: JSON body (1), Authorization header (3),
 * token (4), the route's allowed levels (4), then the tenant: an `app_uuid` other than the
 * token's app is 20. A route without `@ApiLevels` is rejected, so routes are closed by default.
 */
@Injectable()
export class ApiLevelGuard extends AuthGuard('bearer') {
  private readonly logger = createLogger(ApiLevelGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_KEY, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const route = request.url.split('?')[0];
    const levels = this.reflector.getAllAndOverride<ApiLevel[] | undefined>(API_LEVELS_KEY, targets);
    if (!levels || levels.length === 0) {
      this.logger.error({ route }, 'route declares no api levels and is closed; add @ApiLevels to it');
      throw new ApiError(ApiErrorCode.WRONG_ACCESS_TOKEN, `route ${route} declares no api levels`);
    }

    if (request.bodyKind !== 'json') {
      throw new ApiError(ApiErrorCode.NO_JSON, `body is ${request.bodyKind ?? 'none'}, expected a JSON object`);
    }

    const header = request.headers.authorization;
    const match = typeof header === 'string' ? AUTHORIZATION_PATTERN.exec(header.trim()) : null;
    if (!match) {
      throw new ApiError(ApiErrorCode.NO_ACCESS_TOKEN, header ? 'Authorization header is malformed' : 'Authorization header is missing');
    }
    // passport-http-bearer reads only the Bearer scheme; the old clients send OAuth.
    request.headers.authorization = `Bearer ${match[2]}`;
    await super.canActivate(context);

    const principal = request.user as Principal;
    const requestContext = currentRequestContext();
    if (requestContext) {
      requestContext.principalId = principal.tokenUuid;
    }
    if (!levels.includes(principal.level)) {
      this.logger.warn({ route, token_uuid: principal.tokenUuid, api_level: principal.level }, 'api level not allowed on route');
      throw new ApiError(ApiErrorCode.WRONG_ACCESS_TOKEN, `level ${principal.level} is not allowed on ${route}`);
    }

    const appUuid = (request.body as Record<string, unknown>).app_uuid;
    // A malformed app_uuid is left to validation (44); a well-formed foreign one is 20.
    if (typeof appUuid === 'string' && UUID_PATTERN.test(appUuid) && appUuid.toLowerCase() !== principal.appUuid) {
      this.logger.warn({ route, token_uuid: principal.tokenUuid, requested_app_uuid: appUuid }, 'token used for another app');
      throw new ApiError(ApiErrorCode.NO_PERM, `token of app ${principal.appUuid} used for app ${appUuid}`);
    }
    return true;
  }

  override handleRequest<TUser = Principal>(error: unknown, user: TUser | false): TUser {
    if (error) {
      throw error;
    }
    if (!user) {
      throw new ApiError(ApiErrorCode.WRONG_ACCESS_TOKEN, 'token is unknown, expired or revoked');
    }
    return user;
  }
}
