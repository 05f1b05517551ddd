import { Controller, Post } from '@nestjs/common';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiLevel } from '../../common/auth/api-level';
import { ApiLevels, PublicRoute } from '../../common/auth/api-levels.decorator';
import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';
import { ApiLevelGuard } from './api-level.guard';

@Controller('api')
class SampleController {
  @Post('UNDECLARED')
  undeclared() {
    return {};
  }

  @Post('DECLARED')
  @ApiLevels(ApiLevel.PPCOM)
  declared() {
    return {};
  }

  @Post('PUBLIC')
  @PublicRoute()
  open() {
    return {};
  }
}

function contextFor(handler: keyof SampleController, request: Record<string, unknown>): ExecutionContext {
  return {
    getHandler: () => SampleController.prototype[handler],
    getClass: () => SampleController,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('ApiLevelGuard', () => {
  const guard = new ApiLevelGuard(new Reflector());

  it('rejects a route without declared levels', async () => {
    const error = await rejection(guard.canActivate(contextFor('undeclared', { url: '/api/UNDECLARED', bodyKind: 'json', body: {}, headers: {} })));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe(ApiErrorCode.WRONG_ACCESS_TOKEN);
  });

  it('lets a public route through without a token', async () => {
    await expect(guard.canActivate(contextFor('open', { url: '/api/PUBLIC', headers: {} }))).resolves.toBe(true);
  });

  it('checks the JSON body before the header', async () => {
    const error = await rejection(guard.canActivate(contextFor('declared', { url: '/api/DECLARED', bodyKind: 'invalid', headers: {} })));
    expect(error.code).toBe(ApiErrorCode.NO_JSON);
  });

  it('rejects a missing header with 3', async () => {
    const error = await rejection(guard.canActivate(contextFor('declared', { url: '/api/DECLARED', bodyKind: 'json', body: {}, headers: {} })));
    expect(error.code).toBe(ApiErrorCode.NO_ACCESS_TOKEN);
  });
});
