import { Query } from '@nestjs/cqrs';

/** PP_GET_AMD_QUEUE_LENGTH: how many visitors of the app wait for an agent. */
export class GetQueueLengthQuery extends Query<{ length: number }> {
  constructor(readonly appUuid: string) {
    super();
  }
}
