import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { ApiLevel } from '../../../common/auth/api-level';
import { createLogger } from '../../../common/logging/logger';
import { OAuthError } from '../../../common/protocol/api-error';
import { ApiKeyService, secretsEqual } from '../api-key.service';
import { VerifyLoginQuery } from '../queries/verify-login.query';
import { TokenService } from '../token.service';
import { IssueTokenCommand, TokenGrantResult } from './issue-token.command';

/** Which key levels may use which grant, and the level of the token each produces. */
const CLIENT_CREDENTIALS_LEVELS: Partial<Record<ApiLevel, ApiLevel>> = {
  [ApiLevel.PPCOM]: ApiLevel.PPCOM,
  [ApiLevel.PPCONSOLE]: ApiLevel.PPCONSOLE_BEFORE_LOGIN,
  [ApiLevel.THIRD_PARTY_KEFU]: ApiLevel.THIRD_PARTY_KEFU,
  [ApiLevel.THIRD_PARTY_CONSOLE]: ApiLevel.THIRD_PARTY_CONSOLE,
};
const PASSWORD_LEVELS = new Set<ApiLevel>([ApiLevel.PPKEFU, ApiLevel.PPCONSOLE]);
const SHA1_HEX = /^[0-9a-f]{40}$/i;

function stringField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new OAuthError('invalid_request', `${name} must be a string`);
  }
  return value;
}

@CommandHandler(IssueTokenCommand)
export class IssueTokenHandler implements ICommandHandler<IssueTokenCommand> {
  private readonly logger = createLogger(IssueTokenHandler.name);

  constructor(
    private readonly keys: ApiKeyService,
    private readonly tokens: TokenService,
    private readonly queryBus: QueryBus,
  ) {}

  async execute({ fields }: IssueTokenCommand): Promise<TokenGrantResult> {
    const grantType = stringField(fields, 'grant_type');
    const clientId = stringField(fields, 'client_id');
    const clientSecret = stringField(fields, 'client_secret');
    if (!grantType) {
      throw new OAuthError('invalid_request', 'grant_type is missing; use client_credentials or password');
    }
    if (grantType !== 'client_credentials' && grantType !== 'password') {
      throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported; use client_credentials or password`);
    }
    if (!clientId || !clientSecret) {
      throw new OAuthError('invalid_request', 'client_id and client_secret are required');
    }

    const key = await this.keys.findByKey(clientId);
    if (!key || !secretsEqual(clientSecret, key.api_secret)) {
      this.logger.warn({ grant_type: grantType }, 'token request with unknown client or wrong secret');
      throw new OAuthError('invalid_client', 'unknown client_id or wrong client_secret');
    }
    const keyLevel = key.api_level as ApiLevel;

    if (grantType === 'client_credentials') {
      const tokenLevel = CLIENT_CREDENTIALS_LEVELS[keyLevel];
      if (!tokenLevel) {
        throw new OAuthError('unsupported_grant_type', `a ${keyLevel} key cannot use client_credentials; use the password grant`);
      }
      const issued = await this.tokens.issue(key, tokenLevel, null);
      return { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn };
    }

    if (!PASSWORD_LEVELS.has(keyLevel)) {
      throw new OAuthError('unsupported_grant_type', `a ${keyLevel} key cannot use the password grant; use client_credentials`);
    }
    const email = stringField(fields, 'user_email');
    const password = stringField(fields, 'user_password');
    if (!email || !password) {
      throw new OAuthError('invalid_request', 'user_email and user_password are required for the password grant');
    }
    if (!SHA1_HEX.test(password)) {
      throw new OAuthError('invalid_grant', 'user_password must be the SHA-1 hex of the password');
    }
    const login = await this.queryBus.execute(new VerifyLoginQuery(key.app_uuid, email, password.toLowerCase()));
    if (!login) {
      this.logger.warn({ app_uuid: key.app_uuid }, 'password grant rejected: wrong email or password');
      throw new OAuthError('invalid_grant', 'wrong user_email or user_password');
    }
    const issued = await this.tokens.issue(key, keyLevel, login.userUuid);
    return { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn, user_uuid: login.userUuid };
  }
}
