import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';
import { CreateDeviceDto } from '../dto/create-device.dto';

/** Registers a visitor's browser or phone; resolves to the new `device_uuid`. */
export class CreateDeviceCommand extends Command<{ device_uuid: string }> {
  constructor(
    readonly principal: Principal,
    readonly input: CreateDeviceDto,
  ) {
    super();
  }
}
