import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';

/** The device is unknown, another app's, or not the visitor's: all look the same. */
export class WaitingDeviceNotFoundError extends ApiError {
  constructor(deviceUuid: string, userUuid: string) {
    super(ApiErrorCode.NO_DEVICE, `device ${deviceUuid} is not a device of user ${userUuid} in this app`);
  }
}
