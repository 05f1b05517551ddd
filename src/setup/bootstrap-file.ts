import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { AppApiKeys } from '../modules/auth/api-key.service';

/** The credentials a first start writes for its operator, in the documented shape. */
export interface BootstrapFile {
  server: string;
  app_uuid: string;
  admin: { user_uuid: string; user_email: string; user_password: string };
  api_keys: AppApiKeys;
}

export const BOOTSTRAP_FILE_NAME = 'bootstrap.json';

/** Writes the file with mode 0600 through a temporary file, so a crash never leaves half of it. */
export async function writeBootstrapFile(dataDir: string, content: BootstrapFile): Promise<string> {
  await fs.mkdir(dataDir, { recursive: true });
  const target = path.join(dataDir, BOOTSTRAP_FILE_NAME);
  const temporary = `${target}.${process.pid}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
  await fs.chmod(temporary, 0o600);
  await fs.rename(temporary, target);
  return target;
}
