import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PublicRoute } from '../../common/auth/api-levels.decorator';
import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';
import { UploadFileCommand } from './commands/upload-file.command';
import { UploadTextCommand } from './commands/upload-text.command';
import { UploadTextDto } from './dto/upload-text.dto';
import { FileHttpExceptionFilter } from './file-http-exception.filter';
import { FileNotFoundError } from './file.errors';
import { IDENTICON_NAME_PATTERN, IdenticonService } from './identicon.service';
import { GetFileDownloadQuery } from './queries/get-file-download.query';

const IDENTICON_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/**
 * Upload, download and identicon routes. They sit outside /api, take no API-level token check
 * (each does its own), and answer errors with real HTTP statuses.
 */
@Controller()
@UseFilters(FileHttpExceptionFilter)
export class FileController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly identicons: IdenticonService,
  ) {}

  @Post('upload')
  @PublicRoute()
  @HttpCode(200)
  upload(@Req() request: FastifyRequest) {
    if (request.bodyKind !== 'multipart') {
      throw new ApiError(ApiErrorCode.NO_JSON, `upload body is ${request.bodyKind ?? 'none'}, expected multipart/form-data`);
    }
    return this.commandBus.execute(new UploadFileCommand(request.raw, request.headers, request.ip));
  }

  @Post('upload_txt')
  @PublicRoute()
  @HttpCode(200)
  uploadText(@Req() request: FastifyRequest, @Body() body: UploadTextDto) {
    return this.commandBus.execute(new UploadTextCommand(body.content_txt, body.user_uuid, request.headers, request.ip));
  }

  @Get('download/:fileUuid')
  @PublicRoute()
  async download(@Param('fileUuid') fileUuid: string, @Query('file_name') fileName: string | undefined, @Headers('range') range: string | undefined, @Res() reply: FastifyReply) {
    const answer = await this.queryBus.execute(new GetFileDownloadQuery(fileUuid, typeof fileName === 'string' ? fileName : undefined, range));
    void reply.code(answer.status).headers(answer.headers).send(answer.body ?? '');
  }

  // A wildcard, not a parameter: Fastify refuses parameters over 100 characters with 414.
  @Get('identicon/*')
  @PublicRoute()
  identicon(@Param('*') fileName: string, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply) {
    const name = fileName.endsWith('.png') ? fileName.slice(0, -4) : '';
    if (!IDENTICON_NAME_PATTERN.test(name)) {
      throw new FileNotFoundError(fileName);
    }
    const identicon = this.identicons.get(name);
    void reply.headers({ 'cache-control': `public, max-age=${IDENTICON_MAX_AGE_SECONDS}`, etag: identicon.etag });
    if (ifNoneMatch === identicon.etag) {
      void reply.code(304).send();
      return;
    }
    void reply.code(200).header('content-type', 'image/png').send(identicon.png);
  }
}
