import * as fs from 'node:fs/promises';
import { EmbeddedPostgresHandle } from '../../src/common/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  await (state.__testPostgres as EmbeddedPostgresHandle | undefined)?.stop();
  const directory = state.__testDirectory as string | undefined;
  if (directory) {
    await fs.rm(directory, { recursive: true, force: true });
  }
}
