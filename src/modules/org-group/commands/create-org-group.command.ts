import { Command } from '@nestjs/cqrs';
import { CreateOrgGroupDto } from '../dto/create-org-group.dto';

/** Creates a group in the caller's app; resolves to the group's wire fields. */
export class CreateOrgGroupCommand extends Command<Record<string, unknown>> {
  constructor(readonly fields: CreateOrgGroupDto) {
    super();
  }
}
