import { Command } from '@nestjs/cqrs';
import type { IncomingHttpHeaders } from 'node:http';

/** Long text saved as a text/plain file (`POST /upload_txt`), as the widget does past 128 characters. */
export class UploadTextCommand extends Command<{ fid: string; mime: string }> {
  constructor(
    readonly text: string,
    readonly userUuid: string | undefined,
    readonly headers: IncomingHttpHeaders,
    readonly clientIp: string,
  ) {
    super();
  }
}
