import { isIP } from 'node:net';

/** The visitor name for an address on this machine or a private network (no GeoIP lookup). */
export const LOCAL_AREA_NAME = 'Local Area.User';
/** The visitor name for every other address. */
export const UNKNOWN_AREA_NAME = 'Unknown Area.User';

function ipv4Octets(address: string): number[] | null {
  const mapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(mapped) !== 4) {
    return null;
  }
  return mapped.split('.').map(Number);
}

/** Whether an address is loopback or private: 127/8, 10/8, 172.16/12, 192.168/16, ::1, fc00::/7. */
export function isPrivateAddress(address: string | undefined | null): boolean {
  if (!address) {
    return false;
  }
  const octets = ipv4Octets(address.trim());
  if (octets) {
    const [a, b] = octets;
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  const lower = address.trim().toLowerCase();
  if (isIP(lower) !== 6) {
    return false;
  }
  if (lower === '::1') {
    return true;
  }
  // fc00::/7 covers first hextets fc00..fdff.
  return /^f[cd][0-9a-f]{0,2}:/.test(lower);
}

export function areaUserName(address: string | undefined | null): string {
  return isPrivateAddress(address) ? LOCAL_AREA_NAME : UNKNOWN_AREA_NAME;
}

/**
 * The client address of a request. Fastify already resolves `X-Forwarded-For` into `ip` when
 * the server trusts a proxy; `X-Real-Ip` is used only then, and only without `X-Forwarded-For`.
 */
export function clientAddress(request: { ip: string; headers: Record<string, string | string[] | undefined> }, trustProxy: boolean): string {
  if (trustProxy && request.headers['x-forwarded-for'] === undefined) {
    const realIp = request.headers['x-real-ip'];
    const value = Array.isArray(realIp) ? realIp[0] : realIp;
    if (value && isIP(value.trim())) {
      return value.trim();
    }
  }
  return request.ip;
}
