import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createLogger } from '../logging/logger';
import { requestContextStorage } from '../logging/request-context';

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-allow-headers': 'Content-Type, Authorization',
  'access-control-max-age': '1728000',
};

/** Encoding of a request body; API routes accept only `json`. */
export type BodyKind = 'none' | 'json' | 'form' | 'multipart' | 'invalid';

declare module 'fastify' {
  interface FastifyRequest {
    bodyKind?: BodyKind;
    startedAt?: bigint;
  }
}

/** The one route that reads multipart/form-data bodies. */
const MULTIPART_ROUTE = '/upload';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Returns the incoming X-Request-Id when it is well formed, so calls can be traced across services, or a new id. */
export function requestIdOf(headers: Record<string, string | string[] | undefined>): string {
  const incoming = headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}

/**
 * Parses every body as text, then as JSON or form data by its Content-Type. A body that is
 * neither is not rejected here: it is marked `invalid` so the API guard can return error 1 in
 * the protocol's order of checks.
 */
function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  // Uploads are streamed by their route, with their own size limit; the body is left unread here.
  // Multipart bodies sent anywhere else are not read at all and count as `invalid`.
  fastify.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    if (request.method === 'POST' && request.url.split('?')[0] === MULTIPART_ROUTE) {
      request.bodyKind = 'multipart';
    } else {
      request.bodyKind = 'invalid';
      payload.resume();
    }
    done(null, undefined);
  });
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
    const text = body as string;
    if (contentType.includes('application/json')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
          request.bodyKind = 'json';
          done(null, parsed);
          return;
        }
      } catch {
        // Falls through to `invalid`.
      }
    } else if (contentType.includes('application/x-www-form-urlencoded')) {
      request.bodyKind = 'form';
      done(null, Object.fromEntries(new URLSearchParams(text)));
      return;
    }
    request.bodyKind = 'invalid';
    done(null, undefined);
  });
}

/**
 * Installs what must run for every request before Nest handles it: request ids and log context,
 * CORS and preflight answers, and body parsing. Failures Fastify raises itself (an oversized or
 * unreadable body) reach Nest's error handler as HTTP exceptions and the global filter.
 */
export function configureHttp(fastify: FastifyInstance): void {
  const logger = createLogger('Http');

  registerBodyParsers(fastify);

  fastify.addHook('onRequest', (request, reply, done) => {
    request.startedAt = process.hrtime.bigint();
    request.bodyKind = 'none';
    reply.header('x-request-id', request.id);
    for (const [name, value] of Object.entries(CORS_HEADERS)) {
      reply.header(name, value);
    }
    requestContextStorage.run({ requestId: String(request.id) }, () => {
      if (request.method === 'OPTIONS') {
        reply.code(200).send();
        return;
      }
      done();
    });
  });

  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const elapsed = request.startedAt ? Number(process.hrtime.bigint() - request.startedAt) / 1e6 : undefined;
    logger.info(
      { request_id: request.id, method: request.method, path: request.url.split('?')[0], status: reply.statusCode, duration_ms: elapsed },
      'request completed',
    );
    done();
  });
}
