import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';

/** Unknown conversation, another app's, or one the user is not a member of: all look the same. */
export class ConversationNotFoundError extends ApiError {
  constructor(conversationUuid: string, reason: string) {
    super(ApiErrorCode.NO_CONVERSATION, `conversation ${conversationUuid}: ${reason}`);
  }
}

export class UserNotFoundError extends ApiError {
  constructor(userUuid: string) {
    super(ApiErrorCode.NO_USER, `user ${userUuid} is not a member of this app`);
  }
}

export class NoConversationMemberError extends ApiError {
  constructor(detail: string) {
    super(ApiErrorCode.NO_CONVERSATION_MEMBER, detail);
  }
}

/**
 * No READY agent in the requested org group or in the app's distributor group. Still 35 for
 * PP_CREATE_CONVERSATION; the widget's endpoints put the visitor in the waiting queue instead.
 */
export class NoReadyGroupAgentError extends NoConversationMemberError {
  constructor(readonly groupUuid: string | null) {
    super(`no READY service user in ${groupUuid ? `org group ${groupUuid}` : 'the distributor group'}`);
  }
}

export class InvalidCursorError extends ApiError {
  constructor() {
    super(ApiErrorCode.INVALID_PARA, 'cursor is not one this server returned');
  }
}
