import { Query } from '@nestjs/cqrs';

/** The app's groups, oldest first, at most `MAX_APP_ORG_GROUPS`. */
export class ListAppOrgGroupsQuery extends Query<{ list: Record<string, unknown>[] }> {
  constructor(readonly appUuid: string) {
    super();
  }
}
