import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { UploadFileHandler } from './commands/upload-file.handler';
import { UploadTextHandler } from './commands/upload-text.handler';
import { FileEntity } from './entities/file.entity';
import { FileStoreService } from './file-store.service';
import { FileController } from './file.controller';
import { IdenticonService } from './identicon.service';
import { ImageInspector } from './image-inspector';
import { MessageAttachments } from './message-attachments';
import { OrphanFileSweeper } from './orphan-file-sweeper';
import { GetFileDownloadHandler } from './queries/get-file-download.handler';
import { fileStorageProvider } from './storage/file-storage.provider';
import { UploadAccessService } from './upload-access.service';
import { UploadRateLimiter } from './upload-rate-limiter';

/** Uploads, downloads, identicons, and the file bodies of messages (`MessageAttachments`). */
@Module({
  imports: [TypeOrmModule.forFeature([FileEntity]), AuthModule],
  controllers: [FileController],
  providers: [
    fileStorageProvider,
    FileStoreService,
    ImageInspector,
    UploadAccessService,
    UploadRateLimiter,
    UploadFileHandler,
    UploadTextHandler,
    GetFileDownloadHandler,
    IdenticonService,
    MessageAttachments,
    OrphanFileSweeper,
  ],
  exports: [MessageAttachments],
})
export class FileModule {}
