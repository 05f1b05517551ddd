import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { createLogger } from '../../common/logging/logger';
import { codePointLength, UUID_PATTERN } from '../../common/validation/protocol-validators';
import { FileEntity } from './entities/file.entity';
import { FileNotFoundError, IllegalAttachmentError } from './file.errors';
import { MESSAGE_IMAGE_TYPES } from './image-inspector';

/** Message subtypes whose body names an uploaded file. */
export const ATTACHMENT_SUBTYPES = ['TXT', 'FILE', 'DOCUMENT', 'IMAGE', 'AUDIO'] as const;

const IMAGE_MIMES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/jpeg': 'image/jpeg', 'image/png': 'image/png', 'image/gif': 'image/gif' };
/** Stored types an audio body's declared format accepts; audio is stored as sent, not converted. */
const AUDIO_FORMATS: Record<string, { key: 'm4a' | 'amr'; stored: string[] }> = {
  'audio/m4a': { key: 'm4a', stored: ['audio/mp4', 'video/mp4'] },
  'audio/amr': { key: 'amr', stored: ['audio/amr'] },
};
const MAX_NAME_CODE_POINTS = 255;

type Body = Record<string, unknown>;

function parseBody(rawBody: string): Body {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw new IllegalAttachmentError('message_body is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new IllegalAttachmentError('message_body is not a JSON object');
  }
  return parsed as Body;
}

function fileIdOf(body: Body, key = 'fid'): string {
  const value = body[key];
  if (typeof value !== 'string') {
    throw new IllegalAttachmentError(`message_body.${key} is not a string`);
  }
  return value.toLowerCase();
}

/**
 * Turns the `message_body` a client sends for a file subtype into the body that
 * is stored and pushed, and marks the files it names as referenced so the orphan sweep keeps
 * them. Runs inside the sending transaction: the files are locked, so a concurrent sweep cannot
 * delete one that this message is about to use.
 */
@Injectable()
export class MessageAttachments {
  private readonly logger = createLogger(MessageAttachments.name);

  isAttachmentSubtype(subtype: string): boolean {
    return (ATTACHMENT_SUBTYPES as readonly string[]).includes(subtype.toUpperCase());
  }

  /** The stored body as a JSON string. Throws 14 for an unknown or foreign file, 16 for a bad body. */
  async prepareBody(manager: EntityManager, appUuid: string, subtype: string, rawBody: string): Promise<string> {
    const body = parseBody(rawBody);
    const fid = fileIdOf(body);
    const file = await this.lockFile(manager, appUuid, fid);
    let stored: Body;
    const referenced = [file.uuid];
    switch (subtype.toUpperCase()) {
      case 'TXT':
        if (!file.file_mime.startsWith('text/')) {
          throw new IllegalAttachmentError(`TXT message names file ${fid} of type ${file.file_mime}`);
        }
        stored = { fid: file.uuid };
        break;
      case 'FILE':
        stored = { fid: file.uuid, mime: file.file_mime, size: Number(file.file_size), name: this.nameOf(body, file) };
        break;
      case 'DOCUMENT':
        stored = { fid: file.uuid, mime: file.file_mime, size: Number(file.file_size), name: file.file_name };
        break;
      case 'IMAGE':
        stored = await this.imageBody(manager, body, file);
        if (file.thumbnail_uuid) {
          referenced.push(file.thumbnail_uuid);
        }
        break;
      case 'AUDIO':
        stored = this.audioBody(body, file);
        break;
      default:
        throw new IllegalAttachmentError(`subtype ${subtype} carries no file`);
    }
    await manager.getRepository(FileEntity).update({ uuid: In(referenced), app_uuid: appUuid }, { referenced: true });
    this.logger.info({ app_uuid: appUuid, file_uuids: referenced, subtype }, 'files referenced by a message');
    return JSON.stringify(stored);
  }

  private async lockFile(manager: EntityManager, appUuid: string, fid: string): Promise<FileEntity> {
    if (!UUID_PATTERN.test(fid)) {
      throw new FileNotFoundError(fid);
    }
    const file = await manager
      .getRepository(FileEntity)
      .createQueryBuilder('file')
      .setLock('pessimistic_write')
      .where('file.uuid = :fid AND file.app_uuid = :appUuid', { fid, appUuid })
      .getOne();
    if (!file) {
      throw new FileNotFoundError(fid);
    }
    return file;
  }

  private nameOf(body: Body, file: FileEntity): string {
    const name = body.name;
    if (name === undefined || name === null || name === '') {
      return file.file_name;
    }
    if (typeof name !== 'string' || codePointLength(name) > MAX_NAME_CODE_POINTS) {
      throw new IllegalAttachmentError('message_body.name is not a string of at most 255 characters');
    }
    return name;
  }

  private async imageBody(manager: EntityManager, body: Body, file: FileEntity): Promise<Body> {
    const declared = typeof body.mime === 'string' ? IMAGE_MIMES[body.mime.toLowerCase()] : undefined;
    if (!declared) {
      throw new IllegalAttachmentError('IMAGE message_body.mime is not image/jpg, image/jpeg, image/png or image/gif');
    }
    if (!MESSAGE_IMAGE_TYPES.has(file.file_mime) || file.image_width === null || file.image_height === null) {
      throw new IllegalAttachmentError(`file ${file.uuid} of type ${file.file_mime} is not a decodable image`);
    }
    let thumbnail: FileEntity | null = null;
    if (file.thumbnail_uuid) {
      thumbnail = await manager.getRepository(FileEntity).findOne({ where: { uuid: file.thumbnail_uuid, app_uuid: file.app_uuid } });
    }
    return {
      thum: thumbnail?.uuid ?? file.uuid,
      orig: file.uuid,
      mime: file.file_mime,
      orig_width: file.image_width,
      orig_height: file.image_height,
      thum_width: thumbnail?.image_width ?? file.image_width,
      thum_height: thumbnail?.image_height ?? file.image_height,
    };
  }

  private audioBody(body: Body, file: FileEntity): Body {
    const format = typeof body.mime === 'string' ? AUDIO_FORMATS[body.mime.toLowerCase()] : undefined;
    if (!format) {
      throw new IllegalAttachmentError('AUDIO message_body.mime is not audio/m4a or audio/amr');
    }
    const dura = body.dura;
    if (typeof dura !== 'number' || !Number.isFinite(dura) || dura < 0) {
      throw new IllegalAttachmentError('AUDIO message_body.dura is not a non-negative number');
    }
    if (!format.stored.includes(file.file_mime)) {
      throw new IllegalAttachmentError(`file ${file.uuid} of type ${file.file_mime} is not ${format.key} audio`);
    }
    return { [format.key]: { dura, fid: file.uuid } };
  }
}
