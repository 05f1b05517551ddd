import { Injectable } from '@nestjs/common';
import sharp from 'sharp';
import { createLogger } from '../../common/logging/logger';

/** The box a thumbnail fits in, as the original clients expect. */
export const THUMBNAIL_BOX = { width: 120, height: 160 } as const;
const THUMBNAIL_JPEG_QUALITY = 50;

export interface Thumbnail {
  data: Buffer;
  width: number;
  height: number;
  mime: string;
}

export interface ImageFacts {
  width: number;
  height: number;
  /** Absent for GIFs: their thumbnail is the original. */
  thumbnail?: Thumbnail;
}

/** The MIME types an IMAGE message may carry. */
export const MESSAGE_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif']);

/** Decodes uploaded images: dimensions (after EXIF rotation) and a thumbnail. */
@Injectable()
export class ImageInspector {
  private readonly logger = createLogger(ImageInspector.name);

  constructor() {
    // Each upload is decoded once; libvips' operation cache would only hold memory.
    sharp.cache(false);
  }

  /** Facts of the image at `path`, or null when it does not decode. */
  async inspect(path: string, mime: string): Promise<ImageFacts | null> {
    if (!MESSAGE_IMAGE_TYPES.has(mime)) {
      return null;
    }
    try {
      const metadata = await sharp(path).metadata();
      if (!metadata.width || !metadata.height) {
        return null;
      }
      const turned = (metadata.orientation ?? 1) >= 5;
      const width = turned ? metadata.height : metadata.width;
      const height = turned ? metadata.width : metadata.height;
      if (mime === 'image/gif') {
        // Decoding the first frame proves the file is an image.
        await sharp(path).raw().toBuffer();
        return { width, height };
      }
      const resized = sharp(path).rotate().resize(THUMBNAIL_BOX.width, THUMBNAIL_BOX.height, { fit: 'inside', withoutEnlargement: true });
      const encoded = mime === 'image/png' ? resized.png() : resized.jpeg({ quality: THUMBNAIL_JPEG_QUALITY });
      const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
      return { width, height, thumbnail: { data, width: info.width, height: info.height, mime } };
    } catch (error) {
      this.logger.info({ mime, reason: (error as Error).message }, 'uploaded file does not decode as an image');
      return null;
    }
  }
}
