import { Command } from '@nestjs/cqrs';
import { Principal } from '../../../common/auth/principal';

/**
 * Creates an app for a console caller. A password-grant token's user becomes the owner; a
 * THIRD_PARTY_CONSOLE token has no user, so the owner of the token's app becomes the owner.
 * Resolves to the app's wire fields with secrets plus `api_keys`.
 */
export class CreateAppCommand extends Command<Record<string, unknown>> {
  constructor(
    readonly principal: Principal,
    readonly appName: string,
    readonly companyName: string | null,
    readonly routePolicy: string | null,
  ) {
    super();
  }
}
