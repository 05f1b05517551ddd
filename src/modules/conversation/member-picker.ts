import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NoConversationMemberError, NoReadyGroupAgentError } from './conversation.errors';
import { ParticipantDirectory } from './participant-directory';

/** Arbitrary namespace of the per-app assignment advisory lock. */
const ASSIGNMENT_LOCK_NAMESPACE = 8945;

/**
 * Picks the service users of a new visitor conversation by the app's route policy. BROADCAST
 * (also `ALL` or unset) takes every distributor service user. SMART takes the online service
 * user with the fewest conversations not closed, and GROUP does the same among the READY members
 * of the requested group or of the app's distributor group.
 */
@Injectable()
export class MemberPicker {
  constructor(private readonly directory: ParticipantDirectory) {}

  async pick(manager: EntityManager, appUuid: string, groupUuid: string | null): Promise<string[]> {
    await this.lockApp(manager, appUuid);
    const policy = await this.directory.routePolicy(manager, appUuid);

    if (policy === 'SMART') {
      const online = await this.directory.onlineServiceUsers(manager, appUuid);
      return this.leastLoaded(manager, appUuid, online, 'no service user of the app is online');
    }
    if (policy === 'GROUP') {
      return this.pickReadyGroupMember(manager, appUuid, groupUuid);
    }
    const distributors = await this.directory.distributorServiceUsers(manager, appUuid);
    if (distributors.length === 0) {
      throw new NoConversationMemberError('the app has no distributor service user');
    }
    return distributors;
  }

  /**
   * Returns the least-loaded READY member of the group (the distributor group when null),
   * whatever the app's policy, and throws NoReadyGroupAgentError when there is none. Takes the
   * app's assignment lock.
   */
  async pickFromGroup(manager: EntityManager, appUuid: string, groupUuid: string | null): Promise<string> {
    await this.lockApp(manager, appUuid);
    return (await this.pickReadyGroupMember(manager, appUuid, groupUuid))[0];
  }

  /**
   * Takes the app's assignment lock until the transaction ends: one assignment at a time per
   * app, so concurrent visitors find each other's assignment and the least-loaded choice spreads
   * them evenly.
   */
  private async lockApp(manager: EntityManager, appUuid: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ASSIGNMENT_LOCK_NAMESPACE, appUuid]);
  }

  private async pickReadyGroupMember(manager: EntityManager, appUuid: string, groupUuid: string | null): Promise<string[]> {
    const ready = await this.directory.readyGroupMembers(manager, appUuid, groupUuid);
    if (ready.length === 0) {
      throw new NoReadyGroupAgentError(groupUuid);
    }
    return this.leastLoaded(manager, appUuid, ready, '');
  }

  private async leastLoaded(manager: EntityManager, appUuid: string, candidates: string[], emptyReason: string): Promise<string[]> {
    if (candidates.length === 0) {
      throw new NoConversationMemberError(emptyReason);
    }
    const counts = await this.directory.openConversationCounts(manager, appUuid, candidates);
    const sorted = [...candidates].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || a.localeCompare(b));
    return [sorted[0]];
  }
}
