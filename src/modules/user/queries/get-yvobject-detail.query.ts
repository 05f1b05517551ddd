import { Query } from '@nestjs/cqrs';

/** A user's public card (`DU`) or an org group (`OG`) of the app, by uuid. */
export class GetYvobjectDetailQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly appUuid: string,
    readonly uuid: string,
    readonly type: 'DU' | 'OG',
  ) {
    super();
  }
}
