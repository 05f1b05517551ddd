import { Command } from '@nestjs/cqrs';
import { UpdateOrgGroupDto } from '../dto/update-org-group.dto';

/** Changes a group's fields; resolves to the updated group's wire fields. */
export class UpdateOrgGroupCommand extends Command<Record<string, unknown>> {
  constructor(readonly changes: UpdateOrgGroupDto) {
    super();
  }
}
