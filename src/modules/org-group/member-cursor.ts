import { UUID_PATTERN } from '../../common/validation/protocol-validators';
import { InvalidCursorError } from './org-group.errors';

/** Keyset position in a group's member list: membership time (UTC, microseconds) and user uuid. */
export interface MemberPosition {
  memberSince: string;
  userUuid: string;
}

const MEMBER_SINCE_PATTERN = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\.(\d{6})$/;

/** Encodes a position as an opaque base64url string; clients only pass it back. */
export function encodeMemberCursor(position: MemberPosition): string {
  return Buffer.from(`${position.memberSince}|${position.userUuid}`, 'utf8').toString('base64url');
}

/** Decodes a cursor of `encodeMemberCursor`; anything else is error 44. */
export function decodeMemberCursor(cursor: string): MemberPosition {
  const [memberSince, userUuid, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const match = MEMBER_SINCE_PATTERN.exec(memberSince ?? '');
  if (rest.length > 0 || !match || !userUuid || !UUID_PATTERN.test(userUuid)) {
    throw new InvalidCursorError();
  }
  // Reject impossible dates (month 13) here rather than as a database error.
  const milliseconds = `${match[1]}T${match[2]}.${match[3].slice(0, 3)}Z`;
  const parsed = new Date(milliseconds);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString() !== milliseconds) {
    throw new InvalidCursorError();
  }
  return { memberSince, userUuid: userUuid.toLowerCase() };
}
