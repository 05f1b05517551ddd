import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { API_LEVELS_KEY, PUBLIC_ROUTE_KEY } from '../src/common/auth/api-levels.decorator';
import { TestServer } from './support/test-server';

/**
 * The api levels of every route, as the protocol's route table gives them. A route added
 * without an entry here, or with other levels, fails this test.
 */
const EXPECTED_LEVELS: Record<string, string[]> = {
  'POST /api/PP_GET_APP_INFO': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_CREATE_APP': ['PPCONSOLE', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_UPDATE_APP_INFO': ['PPCONSOLE', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_GET_APP_ORG_GROUP_LIST': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_GET_ORG_GROUP_DETAIL': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_GET_ORG_GROUP_USER_LIST': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_CREATE_ORG_GROUP': ['PPCONSOLE', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_UPDATE_ORG_GROUP': ['PPCONSOLE', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_REMOVE_ORG_GROUP': ['PPCONSOLE', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_ADD_ORG_GROUP_USER': ['PPCONSOLE', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_REMOVE_ORG_GROUP_USER': ['PPCONSOLE', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_CREATE_ANONYMOUS': ['PPCOM'],
  'POST /api/PP_CREATE_USER': ['PPCONSOLE', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_REMOVE_USER': ['PPCONSOLE', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_UPDATE_USER': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_GET_USER_UUID': ['PPCOM', 'PPCONSOLE', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_GET_USER_INFO': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_GET_APP_SERVICE_USER_LIST': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PPKEFU_SET_SERVICE_USER_STATUS': ['PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PP_CREATE_DEVICE': ['PPCOM'],
  'POST /api/PP_UPDATE_DEVICE': ['PPCOM', 'PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PPKEFU_LOGIN': ['PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PPKEFU_LOGOUT': ['PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PP_CREATE_CONVERSATION': ['PPCOM', 'PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PP_UPDATE_CONVERSATION': ['PPCOM', 'PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PP_GET_CONVERSATION_INFO': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_GET_APP_CONVERSATION_LIST': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_GET_USER_CONVERSATION_LIST': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_OPEN_CONVERSATION': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_CLOSE_CONVERSATION': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PPCOM_GET_DEFAULT_CONVERSATION': ['PPCOM'],
  'POST /api/PP_GET_CONVERSATION_USER_LIST': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_MARK_CONVERSATION_READ': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_SEND_MESSAGE': ['PPCOM', 'PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PP_GET_HISTORY_MESSAGE': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/GET_YVOBJECT_DETAIL': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_UPDATE_CONVERSATION_MEMBER': ['PPCOM', 'PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PPCOM_CREATE_CONVERSATION': ['PPCOM'],
  'POST /api/PP_PAGE_HISTORY_MESSAGE': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_PAGE_USER_CONVERSATION': ['PPCOM', 'PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PP_GET_NO_GROUP_USER_LIST': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /api/PP_GET_ORG_GROUP_CONVERSATION': ['PPCOM'],
  'POST /api/PPKEFU_SET_BUSY': ['PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PPKEFU_SET_READY': ['PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PPKEFU_SET_REST': ['PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/SET_DEVICE_INFO': ['PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/GET_UNACKED_MESSAGES': ['PPCOM', 'PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/GET_UNACKED_MESSAGE': ['PPCOM', 'PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/ACK_MESSAGE': ['PPCOM', 'PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PP_PAGE_UNACKED_MESSAGE': ['PPCOM', 'PPKEFU', 'THIRD_PARTY_KEFU'],
  'POST /api/PP_GET_AMD_QUEUE_LENGTH': ['PPCOM'],
  'POST /api/PP_CANCEL_WAITING_CREATE_CONVERSATION': ['PPCOM'],
  'POST /ppauth/token': ['public'],
  'POST ///upload': ['public'],
  'POST ///upload_txt': ['public'],
  '0 ///download/:fileUuid': ['public'],
  '0 ///identicon/*': ['public'],
};

describe('schema and routes', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(async () => {
    await server.close();
  });

  it('entities and migrations do not drift', async () => {
    const pending = await server.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('every tenant table carries app_uuid', async () => {
    const rows: { table_name: string }[] = await server.dataSource.query(
      `SELECT table_name FROM information_schema.tables t
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
          AND table_name NOT IN ('apps', 'schema_migrations')
          AND NOT EXISTS (SELECT 1 FROM information_schema.columns c
                           WHERE c.table_schema = 'public' AND c.table_name = t.table_name AND c.column_name = 'app_uuid')`,
    );
    expect(rows.map((row) => row.table_name)).toEqual([]);
  });

  it('every route declares its api levels', () => {
    const discovery = server.app.get(DiscoveryService);
    const scanner = server.app.get(MetadataScanner);
    const reflector = server.app.get(Reflector);
    const found: Record<string, string[]> = {};
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object;
      const prefix = Reflect.getMetadata('path', wrapper.metatype as object) as string;
      for (const methodName of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[methodName] as (...args: unknown[]) => unknown;
        const path = Reflect.getMetadata('path', handler) as string | undefined;
        const method = Reflect.getMetadata('method', handler) as number | undefined;
        if (path === undefined || method === undefined) {
          continue;
        }
        const key = `${method === 1 ? 'POST' : String(method)} /${prefix}/${path}`;
        const isPublic = reflector.get<boolean>(PUBLIC_ROUTE_KEY, handler);
        found[key] = isPublic ? ['public'] : (reflector.get<string[]>(API_LEVELS_KEY, handler) ?? ['NONE']);
      }
    }
    expect(found).toEqual(EXPECTED_LEVELS);
  });
});
