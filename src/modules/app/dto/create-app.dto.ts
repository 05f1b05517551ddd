import { LIMITS, OptionalEnum, OptionalString, RequiredString } from '../../../common/validation/protocol-validators';
import { APP_ROUTE_POLICY_INPUTS } from '../app-route-policy';

export class CreateAppDto {
  @RequiredString(LIMITS.name)
  app_name: string;

  @OptionalString(LIMITS.name)
  company_name?: string | null;

  @OptionalEnum(APP_ROUTE_POLICY_INPUTS)
  app_route_policy?: string | null;
}
