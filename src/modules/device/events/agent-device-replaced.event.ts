/**
 * An agent logged in (PPKEFU_LOGIN) on a new device while an older device of the same kind
 * (mobile or browser) was its current one. Published after the commit; the real-time module
 * forces the older device's sockets out with SYS/LOGOUT.
 */
export class AgentDeviceReplacedEvent {
  constructor(
    readonly appUuid: string,
    readonly userUuid: string,
    readonly replacedDeviceUuid: string,
    readonly deviceUuid: string,
  ) {}
}
