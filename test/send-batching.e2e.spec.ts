import { MessageDraft, MessageStore, WriteOutcome } from '../src/modules/message/message-store';
import { SendBatcher } from '../src/modules/message/send-batcher';
import { Agent, createAgent, createVisitor, textMessage, Visitor, readModels, rebuildReadModels } from './support/fixtures';
import { ApiAnswer, capturedLogLines, createOtherApp, TestServer } from './support/test-server';

/**
 * Sends that arrive while a send statement runs are written together by the next one. The node
 * here runs one send statement at a time, and a test holds a conversation's row lock so that the
 * first send waits inside its statement while the others queue up behind it.
 */
describe('send batching', () => {
  let server: TestServer;
  let app: string;
  let batcher: SendBatcher;
  let statements: { drafts: MessageDraft[]; outcomes: WriteOutcome[] | null }[];

  beforeAll(async () => {
    server = await TestServer.start({ SEND_STATEMENT_LIMIT: '1' });
    app = server.appUuid;
    batcher = server.app.get(SendBatcher);
    const store = server.app.get(MessageStore);
    const write = store.writeMessages.bind(store);
    jest.spyOn(store, 'writeMessages').mockImplementation(async (manager, drafts) => {
      const statement: (typeof statements)[number] = { drafts, outcomes: null };
      statements.push(statement);
      statement.outcomes = await write(manager, drafts);
      return statement.outcomes;
    });
  });

  beforeEach(() => {
    statements = [];
  });

  afterAll(async () => {
    await server.close();
  });

  /** Creates a conversation between a new visitor and a new agent who has an online device. */
  async function chat(): Promise<{ visitor: Visitor; agent: Agent; conversationUuid: string }> {
    const agent = await createAgent(server, { online: true });
    const visitor = await createVisitor(server);
    const created = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, conversation_type: 'P2S', member_list: [agent.userUuid] }, visitor.token);
    expect(created.body.error_code).toBe(0);
    return { visitor, agent, conversationUuid: created.body.uuid };
  }

  async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting until ${what}`);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Sends `first` while its conversation's row is locked, so that its statement waits. Then sends
   * the others, which queue behind it, and releases the lock once they all wait.
   */
  async function sendBehindBlockedStatement(first: { message: Record<string, unknown>; token: string }, others: { message: Record<string, unknown>; token: string }[]) {
    const runner = server.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT 1 FROM conversations WHERE uuid = $1 FOR UPDATE`, [first.message.conversation_uuid]);
      const blocked = server.api('PP_SEND_MESSAGE', first.message, first.token);
      await until('the first send waits for the row lock', async () => {
        const [row] = await server.dataSource.query(`SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        return row.count === 1;
      });
      const queued = others.map((send) => server.api('PP_SEND_MESSAGE', send.message, send.token));
      await until('the other sends are queued', async () => batcher.waiting === others.length);
      await runner.rollbackTransaction();
      return { first: await blocked, others: await Promise.all(queued) };
    } finally {
      if (runner.isTransactionActive) {
        await runner.rollbackTransaction();
      }
      await runner.release();
    }
  }

  const codes = (answers: ApiAnswer[]) => answers.map((answer) => answer.body.error_code);
  const seqsOf = async (conversationUuid: string) =>
    ((await server.dataSource.query(`SELECT seq FROM messages WHERE conversation_uuid = $1 ORDER BY seq`, [conversationUuid])) as { seq: string }[]).map((row) => Number(row.seq));

  it('stores queued sends in one statement', async () => {
    const blocker = await chat();
    const chats = await Promise.all(Array.from({ length: 6 }, () => chat()));
    const stranger = await createVisitor(server);
    const valid = chats.slice(0, 4).map(({ visitor, conversationUuid }, index) => ({ message: textMessage(app, conversationUuid, visitor.userUuid, `queued ${index}`), token: visitor.token }));
    const second = { message: textMessage(app, chats[0].conversationUuid, chats[0].agent.userUuid, 'second in its conversation'), token: chats[0].agent.token };
    const notMember = { message: textMessage(app, chats[4].conversationUuid, stranger.userUuid, 'not a member'), token: stranger.token };
    const foreignDevice = {
      message: textMessage(app, chats[5].conversationUuid, chats[5].visitor.userUuid, 'foreign device', { device_uuid: stranger.deviceUuid }),
      token: chats[5].visitor.token,
    };

    const other = await createOtherApp(server, 'Batch Other Team');
    const otherVisitor = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
    const otherConversation = await server.api(
      'PP_CREATE_CONVERSATION',
      { app_uuid: other.appUuid, user_uuid: otherVisitor.userUuid, conversation_type: 'P2S' },
      otherVisitor.token,
    );
    expect(otherConversation.body.error_code).toBe(0);
    const otherApps = { message: textMessage(app, otherConversation.body.uuid, chats[1].visitor.userUuid, "another app's conversation"), token: chats[1].visitor.token };

    const answers = await sendBehindBlockedStatement({ message: textMessage(app, blocker.conversationUuid, blocker.visitor.userUuid, 'first'), token: blocker.visitor.token }, [
      ...valid,
      second,
      notMember,
      foreignDevice,
      otherApps,
    ]);

    expect(answers.first.body.error_code).toBe(0);
    expect(codes(answers.others)).toEqual([0, 0, 0, 0, 0, 26, 8, 26]);
    expect(statements.map((statement) => statement.drafts.length)).toEqual([1, 7, 1]);
    const [otherRow] = await server.dataSource.query(`SELECT last_seq FROM conversations WHERE uuid = $1`, [otherConversation.body.uuid]);
    expect(otherRow.last_seq).toBe('0');
    for (const statement of statements) {
      const conversations = statement.drafts.map((draft) => draft.row.conversation_uuid);
      expect(new Set(conversations).size).toBe(conversations.length);
    }

    expect(await seqsOf(chats[0].conversationUuid)).toEqual([1, 2]);
    for (const { conversationUuid } of chats.slice(1, 4)) {
      expect(await seqsOf(conversationUuid)).toEqual([1]);
    }
    expect(await seqsOf(chats[4].conversationUuid)).toEqual([]);
    expect(await seqsOf(chats[5].conversationUuid)).toEqual([]);
    const [untouched] = await server.dataSource.query(`SELECT last_seq FROM conversations WHERE uuid = $1`, [chats[4].conversationUuid]);
    expect(untouched.last_seq).toBe('0');

    // Each outcome carries its own message's outbox record and deliveries.
    const stored = [...valid, second].map((send) => send.message.uuid as string);
    for (const statement of statements) {
      for (const [index, outcome] of (statement.outcomes ?? []).entries()) {
        const uuid = statement.drafts[index].row.uuid;
        if (!outcome.stored) {
          expect(stored).not.toContain(uuid);
          continue;
        }
        const [event] = await server.dataSource.query(`SELECT payload FROM test_outbox_history WHERE id = $1`, [outcome.publication.outboxId]);
        expect(event.payload.message_uuid).toBe(uuid);
        expect(event.payload.seq).toBe(outcome.seq);
        expect([...event.payload.member_uuids].sort()).toEqual([...outcome.memberUuids].sort());
        expect(outcome.memberUuids).toHaveLength(2);
        const deliveries = await server.dataSource.query(`SELECT uuid, device_uuid FROM deliveries WHERE message_uuid = $1 ORDER BY uuid`, [uuid]);
        expect(deliveries).toHaveLength(2);
        expect([...outcome.publication.deliveries].sort((a, b) => a.uuid.localeCompare(b.uuid))).toEqual(deliveries);
      }
    }
    const rejected = await server.dataSource.query(`SELECT uuid FROM messages WHERE uuid = ANY($1)`, [[notMember.message.uuid, foreignDevice.message.uuid, otherApps.message.uuid]]);
    expect(rejected).toEqual([]);
    await until('pushed outbox rows are deleted', async () => {
      const [row] = await server.dataSource.query(`SELECT count(*)::int AS count FROM outbox_events WHERE payload->>'message_uuid' = ANY($1)`, [stored]);
      return row.count === 0;
    });
  });

  it('retries a failed statement per message', async () => {
    const blocker = await chat();
    const [resent, moved, fresh, other] = await Promise.all(Array.from({ length: 4 }, () => chat()));
    const original = textMessage(app, resent.conversationUuid, resent.visitor.userUuid, 'original');
    const first = await server.api('PP_SEND_MESSAGE', original, resent.visitor.token);
    expect(first.body.error_code).toBe(0);
    const logLinesBefore = capturedLogLines.length;
    statements = [];

    const answers = await sendBehindBlockedStatement({ message: textMessage(app, blocker.conversationUuid, blocker.visitor.userUuid, 'first'), token: blocker.visitor.token }, [
      { message: original, token: resent.visitor.token },
      { message: { ...textMessage(app, moved.conversationUuid, moved.visitor.userUuid, 'original'), uuid: original.uuid }, token: moved.visitor.token },
      { message: textMessage(app, fresh.conversationUuid, fresh.visitor.userUuid, 'fresh'), token: fresh.visitor.token },
      { message: textMessage(app, other.conversationUuid, other.visitor.userUuid, 'other'), token: other.visitor.token },
    ]);

    expect(codes(answers.others)).toEqual([0, 44, 0, 0]);
    expect(answers.others[0].body.ts).toBe(first.body.ts);
    expect(statements.map((statement) => statement.drafts.length)).toEqual([1, 4, 1, 1, 1, 1]);
    expect(capturedLogLines.slice(logLinesBefore).some((line) => line.includes('send statement failed as a whole') && line.includes('23505') && line.includes('"level":30'))).toBe(true);
    expect(await seqsOf(resent.conversationUuid)).toEqual([1]);
    const [row] = await server.dataSource.query(`SELECT last_seq FROM conversations WHERE uuid = $1`, [resent.conversationUuid]);
    expect(row.last_seq).toBe('1');
    expect(await seqsOf(moved.conversationUuid)).toEqual([]);
    expect(await seqsOf(fresh.conversationUuid)).toEqual([1]);
    expect(await seqsOf(other.conversationUuid)).toEqual([1]);
  });

  it('keeps sequence numbers gap-free concurrently', async () => {
    const chats = await Promise.all(Array.from({ length: 8 }, () => chat()));
    const sends = chats.flatMap(({ visitor, agent, conversationUuid }) =>
      Array.from({ length: 6 }, (_, index) =>
        index % 2 === 0
          ? server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, `v${index}`), visitor.token)
          : server.api('PP_SEND_MESSAGE', { ...textMessage(app, conversationUuid, agent.userUuid, `a${index}`), conversation_type: 'S2P', to_uuid: visitor.userUuid, to_type: 'DU' }, agent.token),
      ),
    );
    expect(codes(await Promise.all(sends))).toEqual(Array(48).fill(0));
    for (const { conversationUuid } of chats) {
      expect(await seqsOf(conversationUuid)).toEqual([1, 2, 3, 4, 5, 6]);
    }
    expect(statements.length).toBeLessThan(48);
  });

  it('rebuilt read models equal live ones', async () => {
    const live = await readModels(server, app);
    expect(live.members.length).toBeGreaterThan(20);
    await rebuildReadModels(server, app);
    expect(await readModels(server, app)).toEqual(live);
  });
});
