import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { PublicRoute } from '../../common/auth/api-levels.decorator';
import { OAuthError } from '../../common/protocol/api-error';
import { IssueTokenCommand } from './commands/issue-token.command';

/** The OAuth 2 token endpoint; it takes form-urlencoded or JSON bodies. */
@Controller('ppauth')
export class TokenController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('token')
  @PublicRoute()
  @HttpCode(200)
  async token(@Req() request: FastifyRequest, @Body() body: Record<string, unknown> | undefined) {
    if (request.bodyKind !== 'json' && request.bodyKind !== 'form') {
      throw new OAuthError('invalid_request', 'send the fields form-urlencoded or as a JSON object');
    }
    const result = await this.commandBus.execute(new IssueTokenCommand(body ?? {}));
    return { error_code: 0, ...result };
  }
}
