import { Query } from '@nestjs/cqrs';

/** Lists the service users (agents) of an app with presence and group. */
export class GetAppServiceUserListQuery extends Query<{ list: Record<string, unknown>[] }> {
  constructor(readonly appUuid: string) {
    super();
  }
}
