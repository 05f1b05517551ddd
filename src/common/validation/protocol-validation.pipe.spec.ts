import { ApiError } from '../protocol/api-error';
import { ApiErrorCode } from '../protocol/api-error-code';
import { OptionalBoolean, RequiredString, RequiredUuid, RequiredUuidList } from './protocol-validators';
import { ProtocolValidationPipe } from './protocol-validation.pipe';

class SampleDto {
  @RequiredUuid()
  app_uuid: string;

  @RequiredString(5)
  name: string;

  @OptionalBoolean()
  flag?: boolean;
}

class ListDto {
  @RequiredUuidList()
  user_list: string[];
}

const UUID = '6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b5c';

async function codeOf(dto: new () => object, body: unknown): Promise<ApiErrorCode | 0> {
  try {
    await new ProtocolValidationPipe().transform(body, { type: 'body', metatype: dto });
    return 0;
  } catch (error) {
    return (error as ApiError).code;
  }
}

describe('ProtocolValidationPipe', () => {
  it.each([
    [{ app_uuid: UUID, name: 'abc' }, 0],
    [{ name: 'abc' }, ApiErrorCode.NO_PARA],
    [{ app_uuid: null, name: 'abc' }, ApiErrorCode.NO_PARA],
    [{ app_uuid: 1, name: 'abc' }, ApiErrorCode.WRONG_PARA],
    [{ app_uuid: 'nope', name: 'abc' }, ApiErrorCode.INVALID_PARA],
    [{ app_uuid: UUID, name: 'abcdef' }, ApiErrorCode.INVALID_PARA],
    [{ app_uuid: UUID, name: '😀😀😀😀😀' }, 0],
    [{ app_uuid: UUID, name: '   ' }, ApiErrorCode.INVALID_PARA],
    [{ app_uuid: UUID, name: 'abc', flag: 'yes' }, ApiErrorCode.WRONG_PARA],
    [{ app_uuid: 1 }, ApiErrorCode.NO_PARA],
  ])('maps %j to %i', async (body, expected) => {
    expect(await codeOf(SampleDto, body)).toBe(expected);
  });

  it('maps a non-list to 31', async () => {
    expect(await codeOf(ListDto, { user_list: UUID })).toBe(ApiErrorCode.NOT_LIST);
  });

  it('maps a list of bad uuids to 44', async () => {
    expect(await codeOf(ListDto, { user_list: ['x'] })).toBe(ApiErrorCode.INVALID_PARA);
  });

  it('drops unknown keys', async () => {
    const result = (await new ProtocolValidationPipe().transform({ app_uuid: UUID, name: 'a', extra: 1 }, { type: 'body', metatype: SampleDto })) as Record<string, unknown>;
    expect(result.extra).toBeUndefined();
  });
});
