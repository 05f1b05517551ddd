import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { UploadTooLargeError } from '../file.errors';
import { FileStoreService } from '../file-store.service';
import { UploadAccessService } from '../upload-access.service';
import { UploadTextCommand } from './upload-text.command';

const TEXT_MIME = 'text/plain';

@CommandHandler(UploadTextCommand)
export class UploadTextHandler implements ICommandHandler<UploadTextCommand> {
  constructor(
    private readonly access: UploadAccessService,
    private readonly store: FileStoreService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ text, userUuid, headers, clientIp }: UploadTextCommand): Promise<{ fid: string; mime: string }> {
    const principal = await this.access.principalOf(headers.authorization);
    const data = Buffer.from(text, 'utf8');
    if (data.length > this.config.fileSizeLimit) {
      throw new UploadTooLargeError(this.config.fileSizeLimit);
    }
    const uploader = await this.access.admit(principal, userUuid, clientIp);
    const file = await this.store.storeBuffer(uploader, data, 'txt', TEXT_MIME);
    return { fid: file.uuid, mime: TEXT_MIME };
  }
}
