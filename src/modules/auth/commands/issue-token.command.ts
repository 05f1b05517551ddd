import { Command } from '@nestjs/cqrs';

export interface TokenGrantResult {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  user_uuid?: string;
}

/** A request to `/ppauth/token`, as sent (form or JSON); the handler validates every field. */
export class IssueTokenCommand extends Command<TokenGrantResult> {
  constructor(readonly fields: Record<string, unknown>) {
    super();
  }
}
