import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request values that every log line of that request carries. */
export interface RequestContext {
  requestId: string;
  /** Principal of the request once the guard has authenticated it (token uuid, never the token). */
  principalId?: string;
}

export const requestContextStorage = new AsyncLocalStorage<RequestContext>();

export function currentRequestContext(): RequestContext | undefined {
  return requestContextStorage.getStore();
}
