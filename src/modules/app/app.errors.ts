import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';

export class AppNotFoundError extends ApiError {
  constructor(appUuid: string) {
    super(ApiErrorCode.NO_APP, `app ${appUuid} not found`);
  }
}
