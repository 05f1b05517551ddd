import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returningRows } from '../../common/database/transaction';
import { createLogger } from '../../common/logging/logger';
import { FILE_STORAGE, FileStorage } from './storage/file-storage';

/** Files no message uses are kept this long, so a client can upload first and send after. */
export const ORPHAN_FILE_TTL_MS = 24 * 60 * 60 * 1000;
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
const SWEEP_BATCH = 500;

/**
 * Deletes files that no message refers to a day after their upload. Rows go first, then the
 * stored objects: a crash in between leaves an unreachable object behind, never a row whose
 * download fails. Several nodes may sweep at once; SKIP LOCKED lets each take other rows.
 */
@Injectable()
export class OrphanFileSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = createLogger(OrphanFileSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweepOnce(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    await this.running;
  }

  private async sweepOnce(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = this.sweep();
    try {
      await this.running;
    } catch (error) {
      this.logger.error({ err: error }, 'orphan file sweep failed');
    } finally {
      this.running = null;
    }
  }

  /** Deletes unreferenced files uploaded before `now` minus a day; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - ORPHAN_FILE_TTL_MS);
    let total = 0;
    for (;;) {
      const deleted = returningRows<{ uuid: string; storage_key: string }>(
        await this.dataSource.query(
          `DELETE FROM files WHERE uuid IN (
             SELECT uuid FROM files WHERE NOT referenced AND createtime < $1
              ORDER BY createtime LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)
           RETURNING uuid, storage_key`,
          [cutoff],
        ),
      );
      for (const row of deleted) {
        try {
          await this.storage.delete(row.storage_key);
        } catch (error) {
          this.logger.error({ file_uuid: row.uuid, err: error }, 'could not delete the stored object of an orphan file');
        }
      }
      total += deleted.length;
      if (deleted.length > 0) {
        this.logger.info({ count: deleted.length, file_uuids: deleted.map((row) => row.uuid) }, 'deleted orphan files');
      }
      if (deleted.length < SWEEP_BATCH) {
        return total;
      }
    }
  }
}
