import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { KEY_LEVELS, KeyLevel } from '../../common/auth/api-level';
import { ApiKeyEntity } from './entities/api-key.entity';

export type ApiKeyPair = { api_key: string; api_secret: string };
export type AppApiKeys = Record<KeyLevel, ApiKeyPair>;

/** Creates and looks up the per-level API keys of apps. */
@Injectable()
export class ApiKeyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates the five level keys of a new app inside the caller's transaction. */
  async createKeysForApp(manager: EntityManager, appUuid: string, ownerUuid: string): Promise<AppApiKeys> {
    const keys = {} as AppApiKeys;
    const rows: ApiKeyEntity[] = KEY_LEVELS.map((level) => {
      const row: ApiKeyEntity = {
        uuid: randomUUID(),
        app_uuid: appUuid,
        api_level: level,
        api_key: randomBytes(24).toString('base64url'),
        api_secret: randomBytes(32).toString('base64url'),
        user_uuid: ownerUuid,
        createtime: new Date(),
      };
      keys[level] = { api_key: row.api_key, api_secret: row.api_secret };
      return row;
    });
    await manager.getRepository(ApiKeyEntity).insert(rows);
    return keys;
  }

  async findByKey(apiKey: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { api_key: apiKey } });
  }

  async findForApp(appUuid: string, level: KeyLevel): Promise<ApiKeyEntity | null> {
    return this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { app_uuid: appUuid, api_level: level } });
  }

  async keysOfApp(appUuid: string): Promise<AppApiKeys> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ where: { app_uuid: appUuid } });
    const keys = {} as AppApiKeys;
    for (const row of rows) {
      keys[row.api_level as KeyLevel] = { api_key: row.api_key, api_secret: row.api_secret };
    }
    return keys;
  }
}

/** Compares secrets in constant time so the comparison leaks no prefix length. */
export function secretsEqual(presented: string, stored: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(stored, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
