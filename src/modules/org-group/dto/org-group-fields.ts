import { applyDecorators } from '@nestjs/common';
import { Max, Min } from 'class-validator';
import { OptionalInteger } from '../../../common/validation/protocol-validators';

/** Range of a PostgreSQL `integer`, so an order value never overflows its column. */
export function OptionalOrder(): PropertyDecorator {
  return applyDecorators(OptionalInteger(), Min(-2147483648), Max(2147483647));
}

/** The group's settable fields as they arrive in create and update requests. */
export interface OrgGroupFields {
  group_name?: string | null;
  group_desc?: string | null;
  is_distributor?: boolean | null;
  group_icon?: string | null;
  group_work_time_str?: string | null;
  group_visible_for_ppcom?: boolean | null;
  group_visible_order_for_ppcom?: number | null;
}

export const ORG_GROUP_FIELD_NAMES = [
  'group_name',
  'group_desc',
  'is_distributor',
  'group_icon',
  'group_work_time_str',
  'group_visible_for_ppcom',
  'group_visible_order_for_ppcom',
] as const;
