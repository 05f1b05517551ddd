import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppApiKeys, ApiKeyService } from '../auth/api-key.service';
import { AppEntity } from './entities/app.entity';

export interface NewApp {
  ownerUserUuid: string;
  appName: string;
  companyName?: string | null;
  routePolicy?: string;
}

/** Creates an app with its five level keys inside the caller's transaction. */
@Injectable()
export class AppProvisioningService {
  constructor(private readonly apiKeys: ApiKeyService) {}

  async createApp(manager: EntityManager, input: NewApp, appUuid: string = randomUUID()): Promise<{ app: AppEntity; apiKeys: AppApiKeys }> {
    const now = new Date();
    const app = manager.getRepository(AppEntity).create({
      uuid: appUuid,
      user_uuid: input.ownerUserUuid,
      app_name: input.appName,
      company_name: input.companyName ?? null,
      app_route_policy: input.routePolicy ?? 'BROADCAST',
      identity_secret: randomBytes(32).toString('hex'),
      createtime: now,
      updatetime: now,
    });
    await manager.getRepository(AppEntity).insert(app);
    const apiKeys = await this.apiKeys.createKeysForApp(manager, app.uuid, input.ownerUserUuid);
    return { app: await manager.getRepository(AppEntity).findOneByOrFail({ uuid: app.uuid }), apiKeys };
  }
}
