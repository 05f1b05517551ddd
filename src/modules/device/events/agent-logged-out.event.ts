/** An agent logged out of a device (PPKEFU_LOGOUT); the real-time module closes its sockets. */
export class AgentLoggedOutEvent {
  constructor(
    readonly appUuid: string,
    readonly userUuid: string,
    readonly deviceUuid: string,
  ) {}
}
