import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { ApiErrorCode } from '../protocol/api-error-code';
import { API_PREFIX, envelope } from '../protocol/envelope';

/** Wraps what an /api controller returns into the success envelope (error_code 0). */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.url.startsWith(API_PREFIX)) {
      return next.handle();
    }
    return next.handle().pipe(map((payload: Record<string, unknown> | undefined) => envelope(request.url, ApiErrorCode.NO_ERR, payload)));
  }
}
