import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

export const IDENTICON_SIZE = 64;
const GRID = 5;
const CELL = 12;
const MARGIN = (IDENTICON_SIZE - GRID * CELL) / 2;
const BACKGROUND = [0xf0, 0xf0, 0xf0] as const;
const CACHE_ENTRIES = 2000;

/** Names an identicon may have: uuids, sha1 hex and the like. */
export const IDENTICON_NAME_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export interface Identicon {
  png: Buffer;
  etag: string;
}

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = chroma * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - chroma / 2;
  const [r, g, b] = hue < 60 ? [chroma, x, 0] : hue < 120 ? [x, chroma, 0] : hue < 180 ? [0, chroma, x] : hue < 240 ? [0, x, chroma] : hue < 300 ? [x, 0, chroma] : [chroma, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An 8-bit RGB PNG of `pixels` (rows of width*3 bytes). */
function encodePng(width: number, height: number, pixels: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) {
    // Each row starts with filter type 0 (none).
    pixels.copy(rows, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A 64 px PNG: a left-right symmetric 5×5 pattern and a colour, both from the name's SHA-1. */
export function renderIdenticon(name: string): Buffer {
  const digest = createHash('sha1').update(name, 'utf8').digest();
  const colour = hslToRgb(((digest[16] << 8) | digest[17]) % 360, 0.5 + (digest[18] % 30) / 100, 0.45 + (digest[19] % 15) / 100);
  const pixels = Buffer.alloc(IDENTICON_SIZE * IDENTICON_SIZE * 3);
  for (let i = 0; i < IDENTICON_SIZE * IDENTICON_SIZE; i++) {
    pixels.set(BACKGROUND, i * 3);
  }
  for (let row = 0; row < GRID; row++) {
    for (let column = 0; column < Math.ceil(GRID / 2); column++) {
      if ((digest[row * 3 + column] & 1) === 0) {
        continue;
      }
      for (const x of new Set([column, GRID - 1 - column])) {
        for (let dy = 0; dy < CELL; dy++) {
          for (let dx = 0; dx < CELL; dx++) {
            pixels.set(colour, ((MARGIN + row * CELL + dy) * IDENTICON_SIZE + MARGIN + x * CELL + dx) * 3);
          }
        }
      }
    }
  }
  return encodePng(IDENTICON_SIZE, IDENTICON_SIZE, pixels);
}

/** Identicons by name, rendered once and kept in a small in-memory LRU cache. */
@Injectable()
export class IdenticonService {
  private readonly cache = new Map<string, Identicon>();

  get(name: string): Identicon {
    const cached = this.cache.get(name);
    if (cached) {
      this.cache.delete(name);
      this.cache.set(name, cached);
      return cached;
    }
    const png = renderIdenticon(name);
    const identicon = { png, etag: `"${createHash('sha1').update(png).digest('hex').slice(0, 20)}"` };
    this.cache.set(name, identicon);
    if (this.cache.size > CACHE_ENTRIES) {
      this.cache.delete(this.cache.keys().next().value as string);
    }
    return identicon;
  }
}
