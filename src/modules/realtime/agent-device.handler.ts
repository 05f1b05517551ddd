import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { AgentDeviceReplacedEvent } from '../device/events/agent-device-replaced.event';
import { AgentLoggedOutEvent } from '../device/events/agent-logged-out.event';
import { RealtimeFanout } from './realtime-fanout';

/**
 * Ends the sockets of an agent's device on every node: a device replaced by a newer login of
 * the same kind gets SYS/LOGOUT (as a re-authenticated device's older socket does), and a
 * logged-out device's sockets are closed. An event lost in a crash right after the commit leaves
 * the old socket open; the device is offline in the database either way.
 */
@EventsHandler(AgentDeviceReplacedEvent, AgentLoggedOutEvent)
export class AgentDeviceHandler implements IEventHandler<AgentDeviceReplacedEvent | AgentLoggedOutEvent> {
  constructor(private readonly fanout: RealtimeFanout) {}

  handle(event: AgentDeviceReplacedEvent | AgentLoggedOutEvent): void {
    if (event instanceof AgentDeviceReplacedEvent) {
      this.fanout.publishQuietly({ kind: 'takeover', deviceUuid: event.replacedDeviceUuid, sessionId: null });
    } else {
      this.fanout.publishQuietly({ kind: 'logout', deviceUuid: event.deviceUuid });
    }
  }
}
