import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';

export class DeviceNotFoundError extends ApiError {
  constructor(appUuid: string, deviceUuid: string) {
    super(ApiErrorCode.NO_DEVICE, `device ${deviceUuid} not found in app ${appUuid}`);
  }
}

/** The terminal already has a device; the answer carries its uuid, which clients treat as success. */
export class DeviceExistsError extends ApiError {
  constructor(appUuid: string, deviceUuid: string, ownedByCaller: boolean) {
    super(ApiErrorCode.EX_DEVICE, `terminal already registered as device ${deviceUuid} in app ${appUuid} (${ownedByCaller ? 'same' : 'another'} user)`, {
      device_uuid: deviceUuid,
    });
  }
}

export class DeviceUserNotFoundError extends ApiError {
  constructor(appUuid: string, userUuid: string, role: string) {
    super(ApiErrorCode.NO_USER, `user ${userUuid} is not a ${role} of app ${appUuid}`);
  }
}

export class DeviceMissingTerminalError extends ApiError {
  constructor() {
    super(ApiErrorCode.NO_PARA, 'neither device_id nor ppcom_trace_uuid given');
  }
}

export class NothingToUpdateError extends ApiError {
  constructor(deviceUuid: string) {
    super(ApiErrorCode.GENERIC_UPDATE, `no updatable field given for device ${deviceUuid}`);
  }
}

export class DevicePermissionError extends ApiError {
  constructor(detail: string) {
    super(ApiErrorCode.NO_PERM, detail);
  }
}
