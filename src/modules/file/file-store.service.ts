import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { createLogger } from '../../common/logging/logger';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { sniffContentType } from './content-type-sniffer';
import { FileEntity } from './entities/file.entity';
import { ImageInspector } from './image-inspector';
import { SpooledFile } from './multipart-receiver';
import { Uploader } from './upload-access.service';
import { FILE_STORAGE, FileStorage } from './storage/file-storage';

const MAX_NAME_CODE_POINTS = 200;

/** A client's file name without directories or control characters, at most 200 characters. */
export function cleanFileName(raw: string, fallback: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const printable = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const shortened = Array.from(printable).slice(0, MAX_NAME_CODE_POINTS).join('');
  return shortened === '' ? fallback : shortened;
}

/**
 * Puts uploaded contents into storage and records them. Every upload gets a new random uuid
 * (no deduplication by content, unlike the original), so a file id reveals nothing about other
 * uploads. Images get their dimensions and a thumbnail here, so sending them needs no decoding.
 */
@Injectable()
export class FileStoreService {
  private readonly logger = createLogger(FileStoreService.name);

  constructor(
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly images: ImageInspector,
  ) {}

  /** Where uploads are spooled before they are checked and stored. */
  get tempDir(): string {
    return path.join(this.config.dataDir, 'upload-tmp');
  }

  async storeSpooled(uploader: Uploader, spooled: SpooledFile, materialType: string | null): Promise<FileEntity> {
    const name = cleanFileName(spooled.name, 'file');
    const mime = sniffContentType(spooled.head, name);
    const image = await this.images.inspect(spooled.path, mime);
    const file = this.describe(uploader, { name, mime, size: spooled.size, sha1: spooled.sha1, materialType });
    file.image_width = image?.width ?? null;
    file.image_height = image?.height ?? null;
    const rows = [file];
    if (image?.thumbnail) {
      const thumbnail = this.describe(uploader, {
        name,
        mime: image.thumbnail.mime,
        size: image.thumbnail.data.length,
        sha1: createHash('sha1').update(image.thumbnail.data).digest('hex'),
        materialType: 'thumbnail',
      });
      thumbnail.image_width = image.thumbnail.width;
      thumbnail.image_height = image.thumbnail.height;
      file.thumbnail_uuid = thumbnail.uuid;
      await this.storage.put(thumbnail.storage_key, Readable.from([image.thumbnail.data]), image.thumbnail.data.length, thumbnail.file_mime);
      rows.push(thumbnail);
    }
    await this.storage.put(file.storage_key, createReadStream(spooled.path), spooled.size, mime);
    return this.record(rows);
  }

  async storeBuffer(uploader: Uploader, data: Buffer, name: string, mime: string): Promise<FileEntity> {
    const file = this.describe(uploader, { name, mime, size: data.length, sha1: createHash('sha1').update(data).digest('hex'), materialType: null });
    await this.storage.put(file.storage_key, Readable.from([data]), data.length, mime);
    return this.record([file]);
  }

  private describe(uploader: Uploader, facts: { name: string; mime: string; size: number; sha1: string; materialType: string | null }): FileEntity {
    const uuid = randomUUID();
    return {
      uuid,
      app_uuid: uploader.appUuid,
      user_uuid: uploader.userUuid,
      file_name: facts.name,
      file_size: String(facts.size),
      file_mime: facts.mime,
      file_sha1: facts.sha1,
      storage_key: uuid,
      material_type: facts.materialType,
      thumbnail_uuid: null,
      image_width: null,
      image_height: null,
      duration: null,
      referenced: false,
      createtime: new Date(),
    };
  }

  /** Inserts the rows; when that fails the stored objects are removed again. */
  private async record(rows: FileEntity[]): Promise<FileEntity> {
    try {
      await this.dataSource.getRepository(FileEntity).insert(rows);
    } catch (error) {
      await Promise.allSettled(rows.map((row) => this.storage.delete(row.storage_key)));
      throw error;
    }
    const file = rows[0];
    this.logger.info(
      { file_uuid: file.uuid, app_uuid: file.app_uuid, user_uuid: file.user_uuid, file_mime: file.file_mime, file_size: file.file_size, thumbnail_uuid: file.thumbnail_uuid },
      'stored uploaded file',
    );
    return file;
  }
}
