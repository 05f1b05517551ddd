import { Command } from '@nestjs/cqrs';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** A multipart upload (`POST /upload`); the request body is read by the handler. */
export class UploadFileCommand extends Command<{ fuuid: string }> {
  constructor(
    readonly body: IncomingMessage,
    readonly headers: IncomingHttpHeaders,
    readonly clientIp: string,
  ) {
    super();
  }
}
