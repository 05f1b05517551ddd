import { Query } from '@nestjs/cqrs';

export interface OrgGroupUserPage {
  list: Record<string, unknown>[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** One page of a group's members as service-user cards, oldest membership first. */
export class ListOrgGroupUsersQuery extends Query<OrgGroupUserPage> {
  constructor(
    readonly appUuid: string,
    readonly groupUuid: string,
    readonly pageSize: number | null,
    readonly cursor: string | null,
  ) {
    super();
  }
}
