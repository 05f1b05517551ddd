import { Provider } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { FILE_STORAGE, FileStorage } from './file-storage';
import { LocalFileStorage } from './local-file-storage';
import { S3FileStorage } from './s3-file-storage';

/** The storage driver FILE_STORAGE selects: `local` (DATA_DIR/files) or `s3`. */
export const fileStorageProvider: Provider = {
  provide: FILE_STORAGE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): FileStorage =>
    config.fileStorage === 's3' ? new S3FileStorage(config.s3) : new LocalFileStorage(path.join(config.dataDir, 'files')),
};
