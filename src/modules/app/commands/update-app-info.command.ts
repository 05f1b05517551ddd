import { Command } from '@nestjs/cqrs';
import { UpdateAppInfoDto } from '../dto/update-app-info.dto';

/** Changes an app's settings; resolves to the updated app's wire fields with secrets. */
export class UpdateAppInfoCommand extends Command<Record<string, unknown>> {
  constructor(readonly changes: UpdateAppInfoDto) {
    super();
  }
}
