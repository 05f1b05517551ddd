import * as argon2 from 'argon2';

/**
 * Hashes what clients send as a password, the SHA-1 hex of the plain password, with argon2id.
 * The SHA-1 step is the protocol's; argon2id is what makes a stolen table expensive to crack.
 */
export async function hashPassword(passwordSha1: string): Promise<string> {
  return argon2.hash(passwordSha1.toLowerCase(), { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, passwordSha1: string): Promise<boolean> {
  if (!hash) {
    return false;
  }
  try {
    return await argon2.verify(hash, passwordSha1.toLowerCase());
  } catch {
    return false;
  }
}
