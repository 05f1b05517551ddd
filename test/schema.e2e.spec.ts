import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { API_LEVELS_KEY, PUBLIC_ROUTE_KEY } from '../src/common/auth/api-levels.decorator';
import { TestServer } from './support/test-server';

/**
 * The api levels of every route, as the protocol's route table gives them. A route added
 * without an entry here, or with other levels, fails this test.
 */
const EXPECTED_LEVELS: Record<string, string[]> = {
  'POST /api/PP_GET_APP_INFO': ['PPCOM', 'PPKEFU', 'PPCONSOLE', 'THIRD_PARTY_KEFU', 'THIRD_PARTY_CONSOLE'],
  'POST /ppauth/token': ['public'],
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
      const prefix = Reflect.getMetadata('path', wrapper.metatype) as string;
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
