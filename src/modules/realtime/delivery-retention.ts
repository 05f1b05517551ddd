import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createLogger } from '../../common/logging/logger';
import { servesHttp } from './serves-http';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Unacknowledged deliveries wait this long for their device, e.g. one forced out by a newer login. */
export const UNACKED_RETENTION_MS = 30 * DAY_MS;
/** Acknowledged deliveries serve only repeated ACKs and look-ups, and a day covers client retries. */
export const ACKED_RETENTION_MS = DAY_MS;
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
const BATCH_SIZE = 5000;

/**
 * Deletes deliveries that no device will fetch any more, in batches so no statement holds locks for
 * long. Deleting is idempotent, so several nodes may sweep at the same time.
 */
@Injectable()
export class DeliveryRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger(DeliveryRetention.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    if (!servesHttp(this.adapterHost)) {
      return;
    }
    this.timer = setInterval(() => {
      this.sweep(new Date()).catch((error: unknown) => this.logger.error({ err: error }, 'delivery retention sweep failed; the next sweep retries'));
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  /** Deletes expired deliveries as of `now`; returns how many rows went. */
  async sweep(now: Date): Promise<number> {
    const unackedBefore = new Date(now.getTime() - UNACKED_RETENTION_MS);
    const ackedBefore = new Date(now.getTime() - ACKED_RETENTION_MS);
    let total = 0;
    for (;;) {
      const [{ deleted }]: { deleted: number }[] = await this.dataSource.query(
        `WITH expired AS (
           SELECT uuid FROM deliveries
            WHERE createtime < $1 AND (acked_at IS NOT NULL OR createtime < $2)
            LIMIT $3)
         , gone AS (DELETE FROM deliveries d USING expired e WHERE d.uuid = e.uuid RETURNING 1)
         SELECT count(*)::int AS deleted FROM gone`,
        [ackedBefore, unackedBefore, BATCH_SIZE],
      );
      total += deleted;
      if (deleted < BATCH_SIZE) {
        break;
      }
    }
    if (total > 0) {
      this.logger.info({ deleted: total }, 'deleted expired deliveries');
    }
    return total;
  }
}
