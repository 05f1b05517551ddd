/** The protocol's device types; ppcom sends MAB, LIB or WIB (browsers). */
export const DEVICE_OSTYPES = ['AND', 'IOS', 'ANB', 'IOB', 'WIP', 'MAC', 'LIN', 'WIN', 'MAB', 'LIB', 'WIB', 'W32', 'W64'] as const;

/** Only native Android and iOS apps count as mobile; every other type is a browser or desktop. */
export function isMobileOstype(ostype: string): boolean {
  return ostype === 'AND' || ostype === 'IOS';
}
