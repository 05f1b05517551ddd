import { ApiErrorCode } from './api-error-code';

/**
 * A business error with its protocol code. Thrown by guards, pipes and handlers; the global
 * filter turns it into the envelope. `detail` goes to the log only, never to the client.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail: string,
    /** Extra top-level fields of the answer, e.g. the existing `device_uuid` with code 25. */
    readonly payload?: Record<string, unknown>,
  ) {
    super(`${ApiErrorCode[code]}: ${detail}`);
    this.name = 'ApiError';
  }
}

/** Body too large for the configured limit: HTTP 413 with error 44. */
export class PayloadTooLargeError extends ApiError {
  constructor(limit: number) {
    super(ApiErrorCode.INVALID_PARA, `request body exceeds the limit of ${limit} bytes`);
  }
}

/** OAuth 2 error of the token endpoint: HTTP 400 with `{error, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_request',
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
  }
}
