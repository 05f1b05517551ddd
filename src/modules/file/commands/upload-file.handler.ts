import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import * as fs from 'node:fs/promises';
import { ApiError } from '../../../common/protocol/api-error';
import { ApiErrorCode } from '../../../common/protocol/api-error-code';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { UploadTooLargeError } from '../file.errors';
import { FileStoreService } from '../file-store.service';
import { receiveMultipart } from '../multipart-receiver';
import { UploadAccessService } from '../upload-access.service';
import { UploadFileCommand } from './upload-file.command';

/** Room for the form's boundaries and text fields on top of the file itself. */
const FORM_OVERHEAD = 64 * 1024;
const MATERIAL_TYPE_PATTERN = /^[A-Za-z_]{1,32}$/;

/**
 * The token (if any) is checked before the body is read; the visitor of an anonymous upload is
 * known only from the form, so that check follows the spooling to a temporary file.
 */
@CommandHandler(UploadFileCommand)
export class UploadFileHandler implements ICommandHandler<UploadFileCommand> {
  constructor(
    private readonly access: UploadAccessService,
    private readonly store: FileStoreService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ body, headers, clientIp }: UploadFileCommand): Promise<{ fuuid: string }> {
    const principal = await this.access.principalOf(headers.authorization);
    const declaredLength = Number(headers['content-length'] ?? 0);
    if (declaredLength > this.config.fileSizeLimit + FORM_OVERHEAD) {
      throw new UploadTooLargeError(this.config.fileSizeLimit);
    }
    const form = await receiveMultipart(body, headers, this.store.tempDir, this.config.fileSizeLimit);
    try {
      if (!form.file) {
        throw new ApiError(ApiErrorCode.NO_PARA, 'the form has no part named file');
      }
      const uploader = await this.access.admit(principal, form.fields.user_uuid, clientIp);
      const materialType = form.fields.material_type ?? form.fields.subtype;
      const file = await this.store.storeSpooled(uploader, form.file, materialType && MATERIAL_TYPE_PATTERN.test(materialType) ? materialType : null);
      return { fuuid: file.uuid };
    } finally {
      if (form.file) {
        await fs.rm(form.file.path, { force: true });
      }
    }
  }
}
