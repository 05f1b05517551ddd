import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { createLogger } from '../../common/logging/logger';
import { OrgGroupUsersAddedEvent } from '../org-group/events/org-group-users-added.event';
import { ServiceUserReadyEvent } from '../user/events/service-user-ready.event';
import { WaitingVisitorAssigner } from './waiting-visitor-assigner';

/** An agent became READY or joined a group: waiting visitors of that app are assigned at once. */
@EventsHandler(ServiceUserReadyEvent, OrgGroupUsersAddedEvent)
export class AgentAvailableHandler implements IEventHandler<ServiceUserReadyEvent | OrgGroupUsersAddedEvent> {
  private readonly logger = createLogger(AgentAvailableHandler.name);

  constructor(private readonly assigner: WaitingVisitorAssigner) {}

  handle(event: ServiceUserReadyEvent | OrgGroupUsersAddedEvent): void {
    // A failure here only delays the visitors until the next sweep.
    this.assigner.assignApp(event.appUuid).catch((error: unknown) => this.logger.error({ err: error, app_uuid: event.appUuid }, 'assigning waiting visitors failed'));
  }
}
