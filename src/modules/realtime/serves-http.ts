import { HttpAdapterHost } from '@nestjs/core';

/**
 * Whether this Nest context is the HTTP server. The operator CLI loads the same modules without
 * one, and it must neither accept sockets nor publish the outbox (the server does both).
 */
export function servesHttp(adapterHost: HttpAdapterHost): boolean {
  return Boolean(adapterHost.httpAdapter);
}
