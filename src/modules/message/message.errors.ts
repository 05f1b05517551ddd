import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';

export class IllegalMessageError extends ApiError {
  constructor(detail: string) {
    super(ApiErrorCode.MESSAGE, detail);
  }
}

/** A message uuid reused with another body, conversation, sender or app. */
export class MessageUuidConflictError extends ApiError {
  constructor(messageUuid: string) {
    super(ApiErrorCode.INVALID_PARA, `message uuid ${messageUuid} is already used by a different message`);
  }
}
