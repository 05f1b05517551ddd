import { Command } from '@nestjs/cqrs';
import { AppApiKeys } from '../../modules/auth/api-key.service';

export interface CreatedAppWithOwner {
  app_uuid: string;
  app_name: string;
  owner: { user_uuid: string; user_email: string; created: boolean; user_password?: string };
  api_keys: AppApiKeys;
}

/** Operator command: an app whose owner is the agent with `ownerEmail`, created when unknown. */
export class CreateAppWithOwnerCommand extends Command<CreatedAppWithOwner> {
  constructor(
    readonly appName: string,
    readonly ownerEmail: string,
    readonly ownerPassword: string | null,
  ) {
    super();
  }
}
