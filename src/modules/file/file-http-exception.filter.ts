import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createLogger } from '../../common/logging/logger';
import { ApiError, PayloadTooLargeError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';
import { envelope } from '../../common/protocol/envelope';
import { UploadRateLimitedError } from './file.errors';

/** HTTP status of an error on the file routes; unlike /api, these answer with real statuses. */
function statusOf(error: ApiError): number {
  if (error instanceof PayloadTooLargeError) {
    return 413;
  }
  if (error instanceof UploadRateLimitedError) {
    return 429;
  }
  switch (error.code) {
    case ApiErrorCode.NO_ACCESS_TOKEN:
    case ApiErrorCode.WRONG_ACCESS_TOKEN:
      return 401;
    case ApiErrorCode.NO_PERM:
      return 403;
    case ApiErrorCode.NO_FILE:
      return 404;
    default:
      return 400;
  }
}

/**
 * Turns errors of the file routes (/upload, /upload_txt, /download, /identicon) into
 * `{error_code, error_string, uri}` with a fitting HTTP status instead of the API's HTTP 200.
 */
@Catch(ApiError)
export class FileHttpExceptionFilter implements ExceptionFilter {
  private readonly logger = createLogger(FileHttpExceptionFilter.name);

  catch(error: ApiError, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = statusOf(error);
    this.logger.warn({ path: request.url.split('?')[0], status, error_code: error.code, reason: error.detail }, 'file request rejected');
    if (error instanceof UploadRateLimitedError) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
    }
    if (status === 413) {
      // The rest of an oversized body is not worth reading.
      void reply.header('connection', 'close');
    }
    void reply.code(status).send(envelope(request.url, error.code));
  }
}
