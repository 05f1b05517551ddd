/**
 * An agent's status became READY (PPKEFU_SET_SERVICE_USER_STATUS, PPKEFU_SET_READY or
 * PPKEFU_LOGIN). Published after the commit; the waiting queue tries to assign visitors.
 */
export class ServiceUserReadyEvent {
  constructor(
    readonly appUuid: string,
    readonly userUuid: string,
  ) {}
}
