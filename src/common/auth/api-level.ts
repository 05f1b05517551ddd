/** Levels of API keys and tokens. PPCONSOLE_BEFORE_LOGIN is never a key's level, only a token's. */
export enum ApiLevel {
  PPCOM = 'PPCOM',
  PPKEFU = 'PPKEFU',
  PPCONSOLE = 'PPCONSOLE',
  PPCONSOLE_BEFORE_LOGIN = 'PPCONSOLE_BEFORE_LOGIN',
  THIRD_PARTY_KEFU = 'THIRD_PARTY_KEFU',
  THIRD_PARTY_CONSOLE = 'THIRD_PARTY_CONSOLE',
}

/** The five levels an app has a key for. */
export const KEY_LEVELS = [
  ApiLevel.PPCOM,
  ApiLevel.PPKEFU,
  ApiLevel.PPCONSOLE,
  ApiLevel.THIRD_PARTY_KEFU,
  ApiLevel.THIRD_PARTY_CONSOLE,
] as const;

export type KeyLevel = (typeof KEY_LEVELS)[number];

/** Shorthands for the level sets the protocol's route table uses most. */
export const ALL_LEVELS = [
  ApiLevel.PPCOM,
  ApiLevel.PPKEFU,
  ApiLevel.PPCONSOLE,
  ApiLevel.THIRD_PARTY_KEFU,
  ApiLevel.THIRD_PARTY_CONSOLE,
];
export const CONSOLE_LEVELS = [ApiLevel.PPCONSOLE, ApiLevel.THIRD_PARTY_CONSOLE];
export const KEFU_LEVELS = [ApiLevel.PPKEFU, ApiLevel.THIRD_PARTY_KEFU];
export const CLIENT_LEVELS = [ApiLevel.PPCOM, ApiLevel.PPKEFU, ApiLevel.THIRD_PARTY_KEFU];

export function isConsoleLevel(level: ApiLevel): boolean {
  return level === ApiLevel.PPCONSOLE || level === ApiLevel.THIRD_PARTY_CONSOLE;
}
