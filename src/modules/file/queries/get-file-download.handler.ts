import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UUID_PATTERN } from '../../../common/validation/protocol-validators';
import { FileEntity } from '../entities/file.entity';
import { FileNotFoundError } from '../file.errors';
import { ByteRange, FILE_STORAGE, FileStorage } from '../storage/file-storage';
import { FileDownload, GetFileDownloadQuery } from './get-file-download.query';

/**
 * The range a Range header asks for: a range, `unsatisfiable`, or null to send the whole file
 * (no header, another unit, or several ranges, which RFC 9110 lets a server ignore).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) {
    return null;
  }
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? 'unsatisfiable' : { start, end };
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 encoding. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

@QueryHandler(GetFileDownloadQuery)
export class GetFileDownloadHandler implements IQueryHandler<GetFileDownloadQuery> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  async execute({ fileUuid, fileName, range }: GetFileDownloadQuery): Promise<FileDownload> {
    // The uuid is the capability: whoever has it may download, whatever the app.
    const file = UUID_PATTERN.test(fileUuid) ? await this.dataSource.getRepository(FileEntity).findOne({ where: { uuid: fileUuid.toLowerCase() } }) : null;
    if (!file) {
      throw new FileNotFoundError(fileUuid);
    }
    const size = Number(file.file_size);
    const headers: Record<string, string> = {
      'content-type': file.file_mime.startsWith('text/') ? `${file.file_mime}; charset=utf-8` : file.file_mime,
      'accept-ranges': 'bytes',
      etag: `"${file.file_sha1}"`,
      'cache-control': 'private, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    };
    if (fileName !== undefined && fileName !== '') {
      headers['content-disposition'] = contentDisposition(fileName);
    }
    const wanted = parseRange(range, size);
    if (wanted === 'unsatisfiable') {
      return { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` }, body: null };
    }
    if (wanted === null) {
      return { status: 200, headers: { ...headers, 'content-length': String(size) }, body: await this.storage.get(file.storage_key) };
    }
    return {
      status: 206,
      headers: { ...headers, 'content-length': String(wanted.end - wanted.start + 1), 'content-range': `bytes ${wanted.start}-${wanted.end}/${size}` },
      body: await this.storage.get(file.storage_key, wanted),
    };
  }
}
