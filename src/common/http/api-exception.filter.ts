import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createLogger } from '../logging/logger';
import { ApiError, OAuthError, PayloadTooLargeError } from '../protocol/api-error';
import { ApiErrorCode } from '../protocol/api-error-code';
import { envelope } from '../protocol/envelope';

/**
 * The one place that turns errors into HTTP answers. API errors are HTTP 200 with their code;
 * unknown routes 404 with 21; anything unexpected 500 with 17, logged with its stack and never
 * sent to the client.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = createLogger(ApiExceptionFilter.name);

  constructor(private readonly fastify: () => FastifyInstance) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const path = request.url.split('?')[0];

    if (exception instanceof ApiError) {
      const status = exception instanceof PayloadTooLargeError ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.OK;
      this.logger.warn({ path, error_code: exception.code, reason: exception.detail }, 'request rejected');
      void reply.code(status).send(envelope(request.url, exception.code, exception.payload));
      return;
    }

    if (exception instanceof OAuthError) {
      this.logger.warn({ path, error: exception.error, reason: exception.description }, 'token request rejected');
      void reply.code(HttpStatus.BAD_REQUEST).send({ error: exception.error, error_description: exception.description });
      return;
    }

    if (exception instanceof NotFoundException) {
      if (this.fastify().hasRoute({ method: 'POST', url: path })) {
        this.logger.warn({ path, method: request.method }, 'request rejected: method not allowed, the API takes POST');
        void reply.code(HttpStatus.OK).send(envelope(request.url, ApiErrorCode.NO_JSON));
        return;
      }
      this.logger.warn({ path, method: request.method }, 'request rejected: unknown route');
      void reply.code(HttpStatus.NOT_FOUND).send(envelope(request.url, ApiErrorCode.NO_ACTION));
      return;
    }

    if (exception instanceof HttpException && exception.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) {
      this.logger.warn({ path }, 'request rejected: body exceeds the configured limit');
      void reply.code(HttpStatus.PAYLOAD_TOO_LARGE).send(envelope(request.url, ApiErrorCode.INVALID_PARA));
      return;
    }

    if (exception instanceof HttpException && exception.getStatus() === HttpStatus.UNAUTHORIZED) {
      this.logger.warn({ path }, 'request rejected: token not accepted');
      void reply.code(HttpStatus.OK).send(envelope(request.url, ApiErrorCode.WRONG_ACCESS_TOKEN));
      return;
    }

    if (exception instanceof HttpException && exception.getStatus() >= 400 && exception.getStatus() < 500) {
      // Fastify's own rejections of an unreadable request (bad framing, media type) before routing.
      this.logger.warn({ path, status: exception.getStatus(), reason: exception.message }, 'request rejected: unreadable request');
      void reply.code(HttpStatus.OK).send(envelope(request.url, ApiErrorCode.NO_JSON));
      return;
    }

    this.logger.error({ path, err: exception }, 'unexpected failure while handling request');
    void reply.code(HttpStatus.INTERNAL_SERVER_ERROR).send(envelope(request.url, ApiErrorCode.SYS_ERR));
  }
}
