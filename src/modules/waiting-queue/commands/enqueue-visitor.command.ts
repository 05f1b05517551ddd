import { Command } from '@nestjs/cqrs';

/**
 * Puts a visitor in the app's waiting queue, or keeps its place when it already waits (the
 * device and group are updated). The caller has checked the visitor and its device.
 */
export class EnqueueVisitorCommand extends Command<void> {
  constructor(
    readonly appUuid: string,
    readonly userUuid: string,
    readonly deviceUuid: string,
    readonly groupUuid: string | null,
  ) {
    super();
  }
}
