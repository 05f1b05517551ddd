/** Route policies a client may send; `ALL` is the original console's name for `BROADCAST`. */
export const APP_ROUTE_POLICY_INPUTS = ['ALL', 'BROADCAST', 'SMART', 'GROUP'] as const;

/** The stored form of a route policy: `ALL` becomes `BROADCAST`. */
export function normalizeRoutePolicy(policy: string): string {
  return policy === 'ALL' ? 'BROADCAST' : policy;
}
