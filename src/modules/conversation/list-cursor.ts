import { InvalidCursorError } from './conversation.errors';

/** Keyset position in a list ordered by (last activity desc, conversation uuid desc). */
export interface ListCursor {
  /** PostgreSQL's text form of the timestamp, so the microseconds survive the round trip. */
  lastActivityAt: string;
  conversationUuid: string;
}

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function clampPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined) {
    return DEFAULT_PAGE_SIZE;
  }
  return Math.min(Math.max(pageSize, 1), MAX_PAGE_SIZE);
}

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.lastActivityAt, cursor.conversationUuid]), 'utf8').toString('base64url');
}

export function decodeCursor(encoded: string | undefined): ListCursor | null {
  if (encoded === undefined || encoded === '') {
    return null;
  }
  try {
    const [lastActivityAt, conversationUuid] = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as [string, string];
    if (typeof lastActivityAt !== 'string' || !TIMESTAMP_TEXT.test(lastActivityAt) || typeof conversationUuid !== 'string' || !/^[0-9a-f-]{36}$/i.test(conversationUuid)) {
      throw new Error('shape');
    }
    return { lastActivityAt, conversationUuid };
  } catch {
    throw new InvalidCursorError();
  }
}
