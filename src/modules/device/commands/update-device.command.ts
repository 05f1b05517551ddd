import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { UpdateDeviceDto } from '../dto/update-device.dto';

/** Changes a device's descriptive fields or online flag; resolves to an empty payload. */
export class UpdateDeviceCommand extends Command<Record<string, never>> {
  constructor(
    readonly principal: Principal,
    readonly changes: UpdateDeviceDto,
  ) {
    super();
  }
}
