/** Agents joined an org group (PP_ADD_ORG_GROUP_USER). Published after the commit. */
export class OrgGroupUsersAddedEvent {
  constructor(
    readonly appUuid: string,
    readonly groupUuid: string,
    readonly userUuids: string[],
  ) {}
}
