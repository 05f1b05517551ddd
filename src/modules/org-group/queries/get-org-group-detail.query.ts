import { Query } from '@nestjs/cqrs';

/** One group of the app with its `user_count`. */
export class GetOrgGroupDetailQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly appUuid: string,
    readonly groupUuid: string,
  ) {
    super();
  }
}
