import { ApiErrorCode, errorString } from './api-error-code';

export const API_PREFIX = '/api/';

/** The `uri` of an answer: the endpoint name with a leading slash and without `/api`. */
export function uriOf(url: string): string {
  const path = url.split('?')[0];
  return path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length - 1) : path;
}

/** Builds the protocol envelope; payload fields sit at the top level beside the status fields. */
export function envelope(url: string, code: ApiErrorCode, payload?: Record<string, unknown>): Record<string, unknown> {
  return { ...(payload ?? {}), error_code: code, error_string: errorString(code), uri: uriOf(url) };
}
