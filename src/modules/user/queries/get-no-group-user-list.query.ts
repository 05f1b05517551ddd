import { Query } from '@nestjs/cqrs';

/** Lists the service users of an app that are in no org group. */
export class GetNoGroupUserListQuery extends Query<{ list: Record<string, unknown>[] }> {
  constructor(readonly appUuid: string) {
    super();
  }
}
