import { ApiError, PayloadTooLargeError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';

export class FileNotFoundError extends ApiError {
  constructor(fileUuid: string) {
    super(ApiErrorCode.NO_FILE, `file ${fileUuid} not found in the app`);
  }
}

/** A message body that names a file in a way its subtype does not allow (error 16). */
export class IllegalAttachmentError extends ApiError {
  constructor(detail: string) {
    super(ApiErrorCode.MESSAGE, detail);
  }
}

export class UploadTooLargeError extends PayloadTooLargeError {}

/**
 * Too many uploads from one client. The protocol has no code for this; 44 is sent with HTTP 429
 * and a Retry-After header.
 */
export class UploadRateLimitedError extends ApiError {
  constructor(
    readonly rateKey: string,
    readonly retryAfterSeconds: number,
  ) {
    super(ApiErrorCode.INVALID_PARA, `upload rate exceeded for ${rateKey}`);
  }
}

/** No token and no visitor allowed to upload anonymously (error 3, HTTP 401). */
export class UploadTokenRequiredError extends ApiError {
  constructor(detail: string) {
    super(ApiErrorCode.NO_ACCESS_TOKEN, detail);
  }
}
