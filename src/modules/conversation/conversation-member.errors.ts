import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';

/** A user to add is already a member; nothing of the request is applied. */
export class AlreadyMemberError extends ApiError {
  constructor(conversationUuid: string, userUuids: string[]) {
    super(ApiErrorCode.EX_GROUP_USER, `already members of conversation ${conversationUuid}: ${userUuids.join(', ')}`);
  }
}

/** A user to remove is not a member of the conversation. */
export class NotMemberError extends ApiError {
  constructor(conversationUuid: string, userUuids: string[]) {
    super(ApiErrorCode.NO_USER, `not members of conversation ${conversationUuid}: ${userUuids.join(', ')}`);
  }
}

export class InvalidMemberChangeError extends ApiError {
  constructor(detail: string) {
    super(ApiErrorCode.INVALID_PARA, detail);
  }
}
