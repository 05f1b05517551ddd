import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { epochSecondsInteger } from '../../common/protocol/datetime';

/** A user's roles in one app; null from the lookups when the user is not a live member of it. */
export interface Participant {
  uuid: string;
  userType: 'SERVICE' | 'PORTAL';
  isService: boolean;
  isDistributor: boolean;
  fullname: string | null;
  name: string | null;
  icon: string | null;
}

const MOBILE_OSTYPES = ['AND', 'IOS'];

/**
 * Read-only lookups of users, memberships, devices and groups that conversations need. They
 * read those tables directly, as read-side queries do, so this module needs no other module's
 * entities; every lookup is confined to one app.
 */
@Injectable()
export class ParticipantDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(appUuid: string, userUuid: string, manager: EntityManager = this.dataSource.manager): Promise<Participant | null> {
    return (await this.findMany(appUuid, [userUuid], manager))[0] ?? null;
  }

  /** The live members of the app among `userUuids`, in no particular order. */
  async findMany(appUuid: string, userUuids: string[], manager: EntityManager = this.dataSource.manager): Promise<Participant[]> {
    if (userUuids.length === 0) {
      return [];
    }
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT u.uuid, u.user_type, u.user_fullname, u.user_name, u.user_icon, a.is_service_user, a.is_distributor_user
         FROM users u JOIN app_users a ON a.user_uuid = u.uuid AND a.app_uuid = $1
        WHERE u.uuid = ANY($2::uuid[]) AND u.removed_at IS NULL`,
      [appUuid, userUuids],
    );
    return rows.map((row) => ({
      uuid: row.uuid as string,
      userType: row.user_type as Participant['userType'],
      isService: row.is_service_user as boolean,
      isDistributor: row.is_distributor_user as boolean,
      fullname: row.user_fullname as string | null,
      name: row.user_name as string | null,
      icon: row.user_icon as string | null,
    }));
  }

  /** BROADCAST candidates: every distributor service user of the app. */
  async distributorServiceUsers(manager: EntityManager, appUuid: string): Promise<string[]> {
    const rows: { uuid: string }[] = await manager.query(
      `SELECT u.uuid FROM app_users a JOIN users u ON u.uuid = a.user_uuid
        WHERE a.app_uuid = $1 AND a.is_service_user AND a.is_distributor_user AND u.removed_at IS NULL
        ORDER BY u.uuid LIMIT 1000`,
      [appUuid],
    );
    return rows.map((row) => row.uuid);
  }

  /** SMART candidates: service users of the app with at least one online device. */
  async onlineServiceUsers(manager: EntityManager, appUuid: string): Promise<string[]> {
    const rows: { uuid: string }[] = await manager.query(
      `SELECT u.uuid FROM app_users a JOIN users u ON u.uuid = a.user_uuid
        WHERE a.app_uuid = $1 AND a.is_service_user AND u.removed_at IS NULL
          AND EXISTS (SELECT 1 FROM devices d WHERE d.app_uuid = $1 AND d.user_uuid = u.uuid AND d.device_is_online)
        ORDER BY u.uuid LIMIT 1000`,
      [appUuid],
    );
    return rows.map((row) => row.uuid);
  }

  /** GROUP candidates: READY service users in the group, or in the app's distributor group. */
  async readyGroupMembers(manager: EntityManager, appUuid: string, groupUuid: string | null): Promise<string[]> {
    const rows: { uuid: string }[] = await manager.query(
      `SELECT u.uuid
         FROM org_groups g
         JOIN org_group_users gu ON gu.group_uuid = g.uuid AND gu.app_uuid = g.app_uuid
         JOIN users u ON u.uuid = gu.user_uuid
         JOIN app_users a ON a.app_uuid = g.app_uuid AND a.user_uuid = u.uuid AND a.is_service_user
        WHERE g.app_uuid = $1 AND (CASE WHEN $2::uuid IS NULL THEN g.is_distributor ELSE g.uuid = $2 END)
          AND u.removed_at IS NULL AND u.service_user_status = 'READY'
        ORDER BY u.uuid LIMIT 1000`,
      [appUuid, groupUuid],
    );
    return rows.map((row) => row.uuid);
  }

  async groupExists(manager: EntityManager, appUuid: string, groupUuid: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM org_groups WHERE app_uuid = $1 AND uuid = $2`, [appUuid, groupUuid]);
    return rows.length > 0;
  }

  /** Number of conversations each candidate is in and has not closed, for SMART/GROUP balancing. */
  async openConversationCounts(manager: EntityManager, appUuid: string, userUuids: string[]): Promise<Map<string, number>> {
    const rows: { user_uuid: string; count: number }[] = await manager.query(
      `SELECT user_uuid, count(*)::int AS count FROM conversation_members
        WHERE app_uuid = $1 AND user_uuid = ANY($2::uuid[]) AND conversation_status <> 'CLOSE'
        GROUP BY user_uuid`,
      [appUuid, userUuids],
    );
    return new Map(rows.map((row) => [row.user_uuid, row.count]));
  }

  /**
   * Member cards as the widget shows them: identity, presence per device kind and group.
   * `updatetime` is integer epoch seconds, as the original sent it in these cards.
   */
  async cards(appUuid: string, userUuids: string[]): Promise<Record<string, unknown>[]> {
    if (userUuids.length === 0) {
      return [];
    }
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT u.uuid, u.user_icon, u.user_email, u.user_fullname, u.user_signature, u.updatetime,
              bool_or(d.device_is_online AND d.device_ostype <> ALL($3::text[])) AS is_browser_online,
              bool_or(d.device_is_online AND d.device_ostype = ANY($3::text[])) AS is_mobile_online,
              g.uuid AS group_uuid, g.group_name
         FROM users u
         LEFT JOIN devices d ON d.user_uuid = u.uuid AND d.app_uuid = $1
         LEFT JOIN org_group_users gu ON gu.user_uuid = u.uuid AND gu.app_uuid = $1
         LEFT JOIN org_groups g ON g.uuid = gu.group_uuid
        WHERE u.uuid = ANY($2::uuid[])
        GROUP BY u.uuid, g.uuid, g.group_name
        ORDER BY u.updatetime DESC, u.uuid`,
      [appUuid, userUuids, MOBILE_OSTYPES],
    );
    return rows.map((row) => ({
      uuid: row.uuid,
      user_icon: row.user_icon,
      user_email: row.user_email,
      user_fullname: row.user_fullname,
      user_signature: row.user_signature,
      updatetime: epochSecondsInteger(row.updatetime),
      is_browser_online: row.is_browser_online === true,
      is_mobile_online: row.is_mobile_online === true,
      group: row.group_uuid ? { uuid: row.group_uuid, group_name: row.group_name } : null,
    }));
  }

  /**
   * `from_user` blocks of senders and creators: the user's public fields, never a password or
   * secret. A removed user keeps its name and is marked `is_removed`.
   */
  async publicUsers(userUuids: string[]): Promise<Map<string, Record<string, unknown>>> {
    const unique = [...new Set(userUuids)];
    if (unique.length === 0) {
      return new Map();
    }
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT uuid, user_name, user_email, user_firstname, user_lastname, user_fullname, user_icon, user_status,
              user_signature, createtime, updatetime, removed_at
         FROM users WHERE uuid = ANY($1::uuid[])`,
      [unique],
    );
    return new Map(
      rows.map((row) => [
        row.uuid,
        {
          uuid: row.uuid,
          user_name: row.user_name,
          user_email: row.user_email,
          user_firstname: row.user_firstname,
          user_lastname: row.user_lastname,
          user_fullname: row.user_fullname,
          user_icon: row.user_icon,
          user_status: row.user_status,
          user_signature: row.user_signature,
          updatetime: epochSecondsInteger(row.updatetime),
          createtime: epochSecondsInteger(row.createtime),
          is_removed: row.removed_at !== null,
        },
      ]),
    );
  }

  async appName(appUuid: string, manager: EntityManager = this.dataSource.manager): Promise<{ name: string; welcome: string | null } | null> {
    const rows: { app_name: string; welcome_message: string | null }[] = await manager.query(
      `SELECT app_name, welcome_message FROM apps WHERE uuid = $1`,
      [appUuid],
    );
    return rows[0] ? { name: rows[0].app_name, welcome: rows[0].welcome_message } : null;
  }

  async routePolicy(manager: EntityManager, appUuid: string): Promise<string> {
    const rows: { app_route_policy: string }[] = await manager.query(`SELECT app_route_policy FROM apps WHERE uuid = $1`, [appUuid]);
    return rows[0]?.app_route_policy ?? 'BROADCAST';
  }
}
