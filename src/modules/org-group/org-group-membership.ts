import { EntityManager } from 'typeorm';
import { OrgGroupEntity } from './entities/org-group.entity';
import { NotServiceUserError, OrgGroupNotFoundError } from './org-group.errors';

/** Arbitrary constant naming the org-group advisory locks among this database's advisory locks. */
const ORG_GROUP_LOCK_CLASS = 8945_0003;

/**
 * Serialises membership changes within one app, across every node, until the transaction ends.
 * A move touches two groups, so locking group rows alone could deadlock two crossing moves;
 * taking this lock first gives every membership change one order. Other apps are not blocked,
 * except by a rare hash collision of their uuids.
 */
export async function lockAppMemberships(manager: EntityManager, appUuid: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ORG_GROUP_LOCK_CLASS, appUuid]);
}

/** Locks the group's row (SELECT ... FOR UPDATE) and returns it; 30 when it is not in the app. */
export async function lockGroup(manager: EntityManager, appUuid: string, groupUuid: string): Promise<OrgGroupEntity> {
  const group = await manager
    .getRepository(OrgGroupEntity)
    .createQueryBuilder('g')
    .setLock('pessimistic_write')
    .where('g.uuid = :groupUuid AND g.app_uuid = :appUuid', { groupUuid, appUuid })
    .getOne();
  if (!group) {
    throw new OrgGroupNotFoundError(appUuid, groupUuid);
  }
  return group;
}

/**
 * Throws 7 unless every uuid is a service user of the app whose account is not removed.
 * Reads the user module's tables directly: one indexed query, inside the caller's transaction.
 */
export async function assertServiceUsers(manager: EntityManager, appUuid: string, userUuids: string[]): Promise<void> {
  const rows: { user_uuid: string }[] = await manager.query(
    `SELECT au.user_uuid
       FROM app_users au
       JOIN users u ON u.uuid = au.user_uuid
      WHERE au.app_uuid = $1 AND au.user_uuid = ANY($2::uuid[]) AND au.is_service_user AND u.removed_at IS NULL`,
    [appUuid, userUuids],
  );
  const found = new Set(rows.map((row) => row.user_uuid));
  const missing = userUuids.filter((uuid) => !found.has(uuid));
  if (missing.length > 0) {
    throw new NotServiceUserError(appUuid, missing);
  }
}

/** Adds `delta` to the group's `user_count` in the caller's transaction. */
export async function adjustUserCount(manager: EntityManager, groupUuid: string, delta: number): Promise<void> {
  if (delta !== 0) {
    await manager.query('UPDATE org_groups SET user_count = user_count + $2 WHERE uuid = $1', [groupUuid, delta]);
  }
}

/** Lower-cased and without duplicates, so counts and set comparisons see each user once. */
export function distinctUuids(uuids: string[]): string[] {
  return [...new Set(uuids.map((uuid) => uuid.toLowerCase()))];
}
