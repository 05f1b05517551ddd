import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returningRows } from '../../common/database/transaction';
import { createLogger } from '../../common/logging/logger';
import { RealtimeFanout } from './realtime-fanout';
import { servesHttp } from './serves-http';
import { SocketIdentity, SocketRegistry } from './socket-registry';

/** How often this node refreshes `online_seen_at` of its devices and sweeps stale ones. */
export const HEARTBEAT_INTERVAL_MS = 15_000;
/** A device whose node has not refreshed it for this long is offline (its node is gone). */
export const STALE_AFTER_SECONDS = 60;

interface SweptDevice {
  uuid: string;
  app_uuid: string;
  user_uuid: string;
  device_ostype: string;
  is_service_user: boolean | null;
}

/**
 * The online flag of devices (`devices.device_is_online`), driven by sockets: on while a socket
 * of the device is authenticated somewhere, off when its last socket closes or when the node
 * holding it stops refreshing it. Agents' mobile apps go online through PPKEFU_LOGIN instead,
 * so the sweep leaves them alone.
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger(PresenceService.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SocketRegistry,
    private readonly fanout: RealtimeFanout,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    if (!servesHttp(this.adapterHost)) {
      return;
    }
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.logger.error({ err: error }, 'presence heartbeat failed'));
    }, HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  async markOnline(identity: SocketIdentity): Promise<void> {
    await this.dataSource.query(`UPDATE devices SET device_is_online = true, online_seen_at = now(), updatetime = now() WHERE uuid = $1 AND app_uuid = $2`, [
      identity.deviceUuid,
      identity.appUuid,
    ]);
    this.logger.info({ app_uuid: identity.appUuid, user_uuid: identity.userUuid, device_uuid: identity.deviceUuid }, 'device online');
    this.announce(identity.appUuid, identity.userUuid, identity.deviceUuid, identity.isServiceUser, identity.isMobileDevice, true, identity.extraData);
  }

  async markOffline(identity: SocketIdentity): Promise<void> {
    const changed = returningRows<{ uuid: string }>(
      await this.dataSource.query(
        `UPDATE devices SET device_is_online = false, updatetime = now() WHERE uuid = $1 AND app_uuid = $2 AND device_is_online RETURNING uuid`,
        [identity.deviceUuid, identity.appUuid],
      ),
    );
    if (changed.length > 0) {
      this.logger.info({ app_uuid: identity.appUuid, user_uuid: identity.userUuid, device_uuid: identity.deviceUuid }, 'device offline');
      this.announce(identity.appUuid, identity.userUuid, identity.deviceUuid, identity.isServiceUser, identity.isMobileDevice, false, null);
    }
  }

  /** Refreshes this node's devices, then turns off devices nobody refreshes any more. */
  async tick(): Promise<void> {
    const devices = this.registry.presenceDevices();
    if (devices.length > 0) {
      await this.dataSource.query(`UPDATE devices SET online_seen_at = now() WHERE uuid = ANY($1::uuid[]) AND device_is_online`, [devices]);
    }
    await this.sweep();
  }

  async sweep(): Promise<void> {
    const swept = returningRows<SweptDevice>(
      await this.dataSource.query(
        `UPDATE devices d SET device_is_online = false, updatetime = now()
          WHERE d.device_is_online AND d.online_seen_at < now() - make_interval(secs => $1)
            AND (d.is_ppcom_device OR d.device_ostype NOT IN ('AND', 'IOS'))
        RETURNING d.uuid, d.app_uuid, d.user_uuid, d.device_ostype,
                  (SELECT m.is_service_user FROM app_users m WHERE m.app_uuid = d.app_uuid AND m.user_uuid = d.user_uuid) AS is_service_user`,
        [STALE_AFTER_SECONDS],
      ),
    );
    for (const device of swept) {
      this.logger.info({ app_uuid: device.app_uuid, user_uuid: device.user_uuid, device_uuid: device.uuid }, 'device offline: no heartbeat');
      this.announce(device.app_uuid, device.user_uuid, device.uuid, Boolean(device.is_service_user), isMobile(device.device_ostype), false, null);
    }
  }

  private announce(appUuid: string, userUuid: string, deviceUuid: string, isServiceUser: boolean, mobile: boolean, online: boolean, extraData: unknown): void {
    this.fanout.publishQuietly({ kind: 'presence', appUuid, userUuid, deviceUuid, isServiceUser, mobile, online, extraData, at: new Date().toISOString() });
  }
}

export function isMobile(ostype: string): boolean {
  return ostype === 'AND' || ostype === 'IOS';
}
