import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';

export class DeliveryNotFoundError extends ApiError {
  constructor(pid: string, detail: string) {
    super(ApiErrorCode.NO_PUSH, `delivery ${pid}: ${detail}`);
  }
}

export class UnackedDeviceNotFoundError extends ApiError {
  constructor(deviceUuid: string, detail: string) {
    super(ApiErrorCode.NO_DEVICE, `device ${deviceUuid}: ${detail}`);
  }
}
