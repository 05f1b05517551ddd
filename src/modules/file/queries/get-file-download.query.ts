import { Query } from '@nestjs/cqrs';
import type { Readable } from 'node:stream';

/** What `GET /download/<uuid>` answers: status, headers and, unless 416, the bytes. */
export interface FileDownload {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  body: Readable | null;
}

export class GetFileDownloadQuery extends Query<FileDownload> {
  constructor(
    readonly fileUuid: string,
    readonly fileName: string | undefined,
    readonly range: string | undefined,
  ) {
    super();
  }
}
