import { randomUUID } from 'node:crypto';
import { TEAM_PAGE_SQL, USER_PAGE_SQL } from '../src/modules/conversation/conversation-list.reader';
import { SEND_MESSAGES_SQL } from '../src/modules/message/message-store';
import { HISTORY_PAGE_SQL } from '../src/modules/message/queries/get-history-message.handler';
import { TestServer } from './support/test-server';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

/**
 * With 10,000 conversations and 200,000 messages in one app, the first page of the team inbox,
 * of a member's list and of a history page must each be served by their index, not a scan, and
 * so must every part of the statement that stores a message.
 */
describe('query plans at scale', () => {
  let server: TestServer;
  const agentUuid = randomUUID();
  let conversationUuid: string;

  beforeAll(async () => {
    server = await TestServer.start();
    const app = server.appUuid;
    await server.dataSource.query(
      `INSERT INTO conversations (uuid, app_uuid, user_uuid, status, conversation_type, last_seq, team_status, createtime, updatetime)
       SELECT gen_random_uuid(), $1, gen_random_uuid(), 'OPEN', 'P2S', 20, 'OPEN', now() - make_interval(secs => i), now() - make_interval(secs => i)
         FROM generate_series(1, 10000) AS i`,
      [app],
    );
    await server.dataSource.query(
      `INSERT INTO messages (uuid, app_uuid, conversation_uuid, seq, conversation_type, from_uuid, from_type, to_uuid, to_type,
                             message_type, message_subtype, body, content_hash, createtime)
       SELECT gen_random_uuid(), c.app_uuid, c.uuid, s, 'P2S', c.user_uuid, 'DU', c.uuid::text, 'AP', 'NOTI', 'TEXT', 'message ' || s,
              repeat('0', 64), c.createtime + make_interval(secs => s)
         FROM conversations c CROSS JOIN generate_series(1, 20) AS s
        WHERE c.app_uuid = $1`,
      [app],
    );
    await server.dataSource.query(
      `INSERT INTO users (uuid, app_uuid, user_type, user_fullname) SELECT user_uuid, app_uuid, 'PORTAL', 'visitor' FROM conversations WHERE app_uuid = $1`,
      [app],
    );
    await server.dataSource.query(
      `INSERT INTO devices (uuid, app_uuid, user_uuid, terminal_uuid, device_ostype)
       SELECT gen_random_uuid(), app_uuid, user_uuid, gen_random_uuid()::text, 'LIB' FROM conversations WHERE app_uuid = $1`,
      [app],
    );
    await server.dataSource.query(
      `INSERT INTO conversation_members (uuid, app_uuid, conversation_uuid, user_uuid, conversation_type, conversation_status)
       SELECT gen_random_uuid(), c.app_uuid, c.uuid, member, 'P2S', 'OPEN'
         FROM conversations c CROSS JOIN LATERAL (VALUES ($2::uuid), (c.user_uuid)) AS members(member)
        WHERE c.app_uuid = $1`,
      [app, agentUuid],
    );
    await server.dataSource.query(
      `INSERT INTO member_conversation_views (user_uuid, conversation_uuid, app_uuid, conversation_status, last_activity_at, message_total_count, unread_count)
       SELECT member, c.uuid, c.app_uuid, 'OPEN', c.updatetime, 20, 0
         FROM conversations c CROSS JOIN LATERAL (VALUES ($2::uuid), (c.user_uuid)) AS members(member)
        WHERE c.app_uuid = $1`,
      [app, agentUuid],
    );
    await server.dataSource.query(
      `INSERT INTO team_inbox_views (conversation_uuid, app_uuid, team_status, last_activity_at, message_total_count)
       SELECT uuid, app_uuid, 'OPEN', updatetime, 20 FROM conversations WHERE app_uuid = $1`,
      [app],
    );
    await server.dataSource.query('ANALYZE');
    conversationUuid = (await server.dataSource.query(`SELECT uuid FROM conversations WHERE app_uuid = $1 LIMIT 1`, [app]))[0].uuid;
  }, 120_000);

  afterAll(async () => {
    await server.close();
  });

  async function genericPlanOf(sql: string): Promise<PlanNode[]> {
    // A prepared statement may settle on a plan made without the parameter values.
    const [row] = await server.dataSource.query(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${sql}`);
    return flatten(row['QUERY PLAN'][0].Plan as PlanNode);
  }

  function expectDeviceLookupsByUser(nodes: PlanNode[]): void {
    const lookups = nodes.filter((node) => node['Relation Name'] === 'devices');
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups) {
      expect(lookup['Index Cond']).toContain('user_uuid');
    }
  }

  async function planOf(sql: string, parameters: unknown[]): Promise<PlanNode[]> {
    const [row] = await server.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
    return flatten(row['QUERY PLAN'][0].Plan as PlanNode);
  }

  it('has the data it claims', async () => {
    const [counts] = await server.dataSource.query(
      `SELECT (SELECT count(*)::int FROM conversations) AS conversations, (SELECT count(*)::int FROM messages) AS messages`,
    );
    expect(counts.conversations).toBeGreaterThanOrEqual(10000);
    expect(counts.messages).toBeGreaterThanOrEqual(200000);
  });

  it('team inbox first page uses its index', async () => {
    const nodes = await planOf(TEAM_PAGE_SQL, [server.appUuid, null, null, 51, agentUuid]);
    expect(nodes.map((node) => node['Index Name'])).toContain('ix_team_inbox_views_list');
    expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name'])).toEqual([]);
  });

  it("member's list first page uses its index", async () => {
    const nodes = await planOf(USER_PAGE_SQL, [server.appUuid, agentUuid, null, null, 51]);
    expect(nodes.map((node) => node['Index Name'])).toContain('ix_member_conversation_views_list');
    expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name'])).toEqual([]);
  });

  it('history page uses the sequence index', async () => {
    const nodes = await planOf(HISTORY_PAGE_SQL, [conversationUuid, 20, 0, 0, 20]);
    expect(nodes.map((node) => node['Index Name'])).toContain('uq_messages_conversation_seq');
    expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name'])).toEqual([]);
  });

  it('send statement uses indexes at this size', async () => {
    const nodes = await genericPlanOf(SEND_MESSAGES_SQL);
    expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name'])).toEqual([]);
    expect(nodes.map((node) => node['Index Name'])).toContain('ix_member_conversation_views_conversation');
    expectDeviceLookupsByUser(nodes);
  });

  it('lists answer over HTTP at this size', async () => {
    const token = await server.clientToken('THIRD_PARTY_CONSOLE');
    const inbox = await server.api('PP_GET_APP_CONVERSATION_LIST', { app_uuid: server.appUuid, page_size: 50 }, token);
    expect(inbox.body.error_code).toBe(0);
    expect(inbox.body.list).toHaveLength(50);
    expect(typeof inbox.body.next_cursor).toBe('string');
  });
});
