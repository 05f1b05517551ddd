import type { Readable } from 'node:stream';

/** Inclusive byte range, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where file contents live. Keys are chosen by the caller (random uuids) and are never derived
 * from client input, so drivers need not escape them.
 */
export interface FileStorage {
  /** Stores `size` bytes read from `body` under `key`, replacing what was there. */
  put(key: string, body: Readable, size: number, contentType: string): Promise<void>;
  /** Reads the object, or the bytes of `range` only. Rejects when the object is missing. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the object; a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** The object's size, or null when it does not exist. */
  stat(key: string): Promise<{ size: number } | null>;
}

/** Nest injection token of the configured FileStorage. */
export const FILE_STORAGE = Symbol('FILE_STORAGE');
