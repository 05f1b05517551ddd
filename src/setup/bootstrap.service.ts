import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { createLogger } from '../common/logging/logger';
import { AppProvisioningService } from '../modules/app/app-provisioning.service';
import { UserAccountService } from '../modules/user/user-account.service';
import { writeBootstrapFile } from './bootstrap-file';

/** Arbitrary constant naming the bootstrap advisory lock, so concurrent first starts bootstrap once. */
const BOOTSTRAP_LOCK_KEY = 8945_0002;
const DEFAULT_ADMIN_EMAIL = 'admin@ppmessage.local';

/**
 * On an empty database, creates the default app, its owner (also its first service user) and
 * the five API keys, then writes them to DATA_DIR/bootstrap.json. Does nothing when any app exists.
 */
@Injectable()
export class BootstrapService {
  private readonly logger = createLogger(BootstrapService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apps: AppProvisioningService,
    private readonly users: UserAccountService,
  ) {}

  async bootstrapIfEmpty(): Promise<string | null> {
    const adminEmail = this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    const adminPassword = this.config.adminPassword ?? randomBytes(18).toString('base64url');

    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      const [{ count }] = await manager.query('SELECT count(*)::int AS count FROM apps');
      if (count > 0) {
        return null;
      }
      const appUuid = randomUUID();
      const admin = await this.users.createServiceUser(manager, {
        appUuid,
        email: adminEmail,
        fullname: 'Admin',
        passwordSha1: createHash('sha1').update(adminPassword, 'utf8').digest('hex'),
        userStatus: 'OWNER_2',
      });
      const { app, apiKeys } = await this.apps.createApp(manager, { ownerUserUuid: admin.uuid, appName: 'Default Team' }, appUuid);
      await this.users.addMembership(manager, app.uuid, admin.uuid, { isOwner: true, isService: true, isDistributor: true, isPortal: false });
      // Written before the commit: if the commit fails, the next start bootstraps again and
      // overwrites the file, whereas a file written after the commit could be lost by a crash.
      const file = await writeBootstrapFile(this.config.dataDir, {
        server: this.config.publicUrl,
        app_uuid: app.uuid,
        admin: { user_uuid: admin.uuid, user_email: adminEmail, user_password: adminPassword },
        api_keys: apiKeys,
      });
      return { file, appUuid: app.uuid };
    });

    if (!created) {
      this.logger.info('database already has an app; skipping bootstrap');
      return null;
    }
    const { file, appUuid } = created;
    this.logger.info({ file, app_uuid: appUuid }, 'bootstrapped the default app; credentials written to file');
    return file;
  }
}
