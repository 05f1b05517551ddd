import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import * as path from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';
import { SNIFF_LENGTH } from './content-type-sniffer';
import { UploadTooLargeError } from './file.errors';

/** A file received into a temporary file, with what was learnt while it streamed by. */
export interface SpooledFile {
  path: string;
  size: number;
  sha1: string;
  head: Buffer;
  name: string;
}

export interface ReceivedForm {
  fields: Record<string, string>;
  file: SpooledFile | null;
}

/** Counts, hashes and keeps the first bytes of what passes through; fails past `sizeLimit`. */
class Inspector extends Transform {
  readonly hash = createHash('sha1');
  size = 0;
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;

  constructor(private readonly sizeLimit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.size > this.sizeLimit) {
      callback(new UploadTooLargeError(this.sizeLimit));
      return;
    }
    if (this.headLength < SNIFF_LENGTH) {
      this.headChunks.push(chunk.subarray(0, SNIFF_LENGTH - this.headLength));
      this.headLength += Math.min(chunk.length, SNIFF_LENGTH - this.headLength);
    }
    callback(null, chunk);
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks);
  }
}

const FORM_LIMITS = { files: 1, fields: 32, fieldSize: 4096, parts: 40 };

/**
 * Reads a multipart/form-data request: its text fields, and the part named `file` streamed to a
 * temporary file under `tempDir`. A file over `sizeLimit` bytes stops the reading at once.
 */
export async function receiveMultipart(raw: IncomingMessage, headers: IncomingHttpHeaders, tempDir: string, sizeLimit: number): Promise<ReceivedForm> {
  await fs.mkdir(tempDir, { recursive: true });
  let parser: busboy.Busboy;
  try {
    // One byte over the limit lets the size check tell "exactly the limit" from "too large".
    parser = busboy({ headers, defParamCharset: 'utf8', limits: { ...FORM_LIMITS, fileSize: sizeLimit + 1 } });
  } catch (error) {
    throw new ApiError(ApiErrorCode.NO_JSON, `unreadable multipart request: ${(error as Error).message}`);
  }

  const fields: Record<string, string> = {};
  let spooling: Promise<SpooledFile> | null = null;
  let tempPath: string | null = null;

  const finished = new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      raw.unpipe(parser);
      raw.resume();
      reject(error);
    };
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || spooling) {
        stream.resume();
        return;
      }
      const target = path.join(tempDir, randomUUID());
      tempPath = target;
      const inspector = new Inspector(sizeLimit);
      stream.on('limit', () => fail(new UploadTooLargeError(sizeLimit)));
      inspector.on('error', fail);
      spooling = pipeline(stream, inspector, createWriteStream(target)).then(() => ({
        path: target,
        size: inspector.size,
        sha1: inspector.hash.digest('hex'),
        head: inspector.head(),
        name: info.filename ?? '',
      }));
      // Failures surface when `spooling` is awaited; this keeps them from going unhandled first.
      spooling.catch(() => undefined);
    });
    parser.on('close', () => resolve());
    parser.on('error', (error: Error) => fail(new ApiError(ApiErrorCode.NO_JSON, `unreadable multipart request: ${error.message}`)));
    raw.on('error', fail);
    raw.pipe(parser);
  });

  try {
    await finished;
    const file = spooling ? await (spooling as Promise<SpooledFile>) : null;
    return { fields, file };
  } catch (error) {
    if (spooling) {
      await (spooling as Promise<SpooledFile>).catch(() => undefined);
    }
    if (tempPath) {
      await fs.rm(tempPath, { force: true });
    }
    throw error;
  }
}
