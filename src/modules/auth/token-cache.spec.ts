import { ApiLevel } from '../../common/auth/api-level';
import { Principal } from '../../common/auth/principal';
import { TokenCache } from './token-cache';

const principal = (tokenUuid: string, userUuid: string | null = null): Principal => ({ tokenUuid, appUuid: 'app', level: ApiLevel.PPCOM, userUuid });

describe('TokenCache', () => {
  it('evicts the least recently used entry past its bound', () => {
    const cache = new TokenCache(2, 60_000);
    cache.set('a', principal('a'), Date.now() + 60_000);
    cache.set('b', principal('b'), Date.now() + 60_000);
    expect(cache.get('a')?.tokenUuid).toBe('a');
    cache.set('c', principal('c'), Date.now() + 60_000);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.tokenUuid).toBe('a');
    expect(cache.get('c')?.tokenUuid).toBe('c');
  });

  it('drops entries past the cache lifetime', () => {
    const cache = new TokenCache(10, 1_000);
    const now = 1_000_000;
    cache.set('a', principal('a'), now + 60_000, now);
    expect(cache.get('a', now + 999)).toBeDefined();
    expect(cache.get('a', now + 1_000)).toBeUndefined();
  });

  it('drops entries past the token expiry', () => {
    const cache = new TokenCache(10, 60_000);
    const now = 1_000_000;
    cache.set('a', principal('a'), now + 10, now);
    expect(cache.get('a', now + 10)).toBeUndefined();
  });

  it('forgets a user on request', () => {
    const cache = new TokenCache(10, 60_000);
    cache.set('a', principal('a', 'u1'), Date.now() + 60_000);
    cache.set('b', principal('b', 'u2'), Date.now() + 60_000);
    cache.deleteWhere((entry) => entry.userUuid === 'u1');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeDefined();
  });

  it('caches nothing when its size is 0', () => {
    const cache = new TokenCache(0, 60_000);
    cache.set('a', principal('a'), Date.now() + 60_000);
    expect(cache.get('a')).toBeUndefined();
  });
});
