import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { uniqueViolation } from '../common/database/transaction';
import { emailKey } from '../modules/user/user-account.service';
import { CliError } from './cli-error';

/** Generates a random URL-safe password for a new agent. The CLI prints it once. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Computes the SHA-1 hex of a password, the form clients send and the server hashes again. */
export function passwordSha1(plain: string): string {
  return createHash('sha1').update(plain, 'utf8').digest('hex');
}

/** Finds the live (not removed) agent with this login email; null when there is none. */
export async function findAgentByEmail(manager: EntityManager, email: string): Promise<string | null> {
  const rows: { uuid: string }[] = await manager.query(
    `SELECT uuid FROM users WHERE email_key = $1 AND user_type = 'SERVICE' AND removed_at IS NULL`,
    [emailKey(email)],
  );
  return rows[0]?.uuid ?? null;
}

/** Turns a lost race for an agent email (unique index uq_users_service_email) into a CLI error. */
export function rethrowEmailTaken(error: unknown, email: string): never {
  if (uniqueViolation(error) === 'uq_users_service_email') {
    throw new CliError(`an agent with email ${email} was created at the same time; run the command again`);
  }
  throw error;
}
