/**
 * Formats a date in the protocol's datetime form `YYYY-MM-DD HH:MM:SS ffffff`, in UTC.
 * NOTE: JavaScript dates carry milliseconds, so the last three digits of the microseconds are 0.
 */
export function formatDatetime(date: Date | null | undefined): string | null {
  if (!date) {
    return null;
  }
  const iso = date.toISOString(); // 2016-05-17T10:53:21.073Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${iso.slice(20, 23)}000`;
}

/** Float epoch seconds, as the protocol's `*timestamp` fields and the compact body's `ts`. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

/** Whole epoch seconds, as `PP_GET_USER_INFO` and `from_user` blocks carry them. */
export function epochSecondsInteger(date: Date | null | undefined): number | null {
  return date ? Math.floor(date.getTime() / 1000) : null;
}
