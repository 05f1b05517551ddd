import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiLevel } from './api-level';
import { Principal } from './principal';

export const API_LEVELS_KEY = 'ppmessage:api-levels';
export const PUBLIC_ROUTE_KEY = 'ppmessage:public-route';

/**
 * Declares which token levels may call a route. The guard rejects every route under /api
 * that lacks this decorator, so forgetting it fails closed.
 */
export const ApiLevels = (...levels: ApiLevel[]) => SetMetadata(API_LEVELS_KEY, levels);

/** Marks a route that needs no token (the token endpoint itself, file downloads). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE_KEY, true);

/** Injects the authenticated Principal into a controller method. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<{ user?: Principal }>();
  if (!request.user) {
    throw new Error('CurrentPrincipal used on a route without an authenticated principal');
  }
  return request.user;
});
