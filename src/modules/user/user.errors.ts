import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';

export class UserNotFoundError extends ApiError {
  constructor(appUuid: string, userUuid: string) {
    super(ApiErrorCode.NO_USER, `user ${userUuid} not found in app ${appUuid}`);
  }
}

export class NotAppUserError extends ApiError {
  constructor(appUuid: string, userUuid: string) {
    super(ApiErrorCode.NO_APP_USER, `user ${userUuid} has no membership in app ${appUuid}`);
  }
}

export class UserExistsError extends ApiError {
  constructor(appUuid: string, constraint: string) {
    super(ApiErrorCode.EX_USER, `email already used (${constraint}) when writing a user of app ${appUuid}`);
  }
}

export class WrongPasswordError extends ApiError {
  constructor(userUuid: string, reason: string) {
    super(ApiErrorCode.MIS_ERR, `password check failed for user ${userUuid}: ${reason}`);
  }
}

export class AppOwnerError extends ApiError {
  constructor(userUuid: string) {
    super(ApiErrorCode.APP_OWNER, `user ${userUuid} owns an app and cannot be removed`);
  }
}

export class NotPortalUserError extends ApiError {
  constructor(appUuid: string) {
    super(ApiErrorCode.NOT_PORTAL, `email belongs to a service user of app ${appUuid}`);
  }
}

export class UserPermissionError extends ApiError {
  constructor(detail: string) {
    super(ApiErrorCode.NO_PERM, detail);
  }
}
