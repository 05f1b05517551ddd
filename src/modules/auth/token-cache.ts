import { Principal } from '../../common/auth/principal';

interface Entry {
  principal: Principal;
  expiresAt: number;
  cachedUntil: number;
}

/**
 * Bounded LRU cache of authenticated tokens keyed by the token hash. Entries live at most `ttlMs`
 * so a revocation made by another node takes effect within that time; revocations on this node
 * remove the entries at once.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get(tokenHash: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) {
      return undefined;
    }
    if (entry.cachedUntil <= now || entry.expiresAt <= now) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    // Re-inserting moves the entry to the end, the most recently used position.
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, entry);
    return entry.principal;
  }

  set(tokenHash: string, principal: Principal, expiresAt: number, now = Date.now()): void {
    if (this.maxEntries === 0 || this.ttlMs === 0) {
      return;
    }
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { principal, expiresAt, cachedUntil: now + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Drops every entry matching `predicate`; used on revocation and re-binding. */
  deleteWhere(predicate: (principal: Principal) => boolean): void {
    for (const [key, entry] of this.entries) {
      if (predicate(entry.principal)) {
        this.entries.delete(key);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
