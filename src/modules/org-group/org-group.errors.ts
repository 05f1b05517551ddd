import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';

/** The group does not exist in the caller's app (another app's group is reported the same way). */
export class OrgGroupNotFoundError extends ApiError {
  constructor(appUuid: string, groupUuid: string) {
    super(ApiErrorCode.NO_ORG_GROUP, `org group ${groupUuid} not found in app ${appUuid}`);
  }
}

export class NotServiceUserError extends ApiError {
  constructor(appUuid: string, userUuids: string[]) {
    super(ApiErrorCode.NO_USER, `not service users of app ${appUuid}: ${userUuids.join(', ')}`);
  }
}

export class NotGroupUserError extends ApiError {
  constructor(groupUuid: string, userUuids: string[]) {
    super(ApiErrorCode.NOT_GROUP_USER, `not members of org group ${groupUuid}: ${userUuids.join(', ')}`);
  }
}

/** An app may have one distributor group; a second one is an invalid value of `is_distributor`. */
export class DistributorGroupExistsError extends ApiError {
  constructor(appUuid: string) {
    super(ApiErrorCode.INVALID_PARA, `app ${appUuid} already has a distributor org group`);
  }
}

/** A `cursor` that this server did not issue. */
export class InvalidCursorError extends ApiError {
  constructor() {
    super(ApiErrorCode.INVALID_PARA, 'cursor is malformed');
  }
}
