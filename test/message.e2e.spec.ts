import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { Agent, createAgent, createVisitor, textMessage, Visitor, readModels, rebuildReadModels } from './support/fixtures';
import { createOtherApp, TestServer } from './support/test-server';

describe('messages', () => {
  let server: TestServer;
  let app: string;

  beforeAll(async () => {
    server = await TestServer.start();
    app = server.appUuid;
  });

  afterAll(async () => {
    await server.close();
  });

  /** A visitor talking to one agent in a fresh conversation. */
  async function chat(): Promise<{ visitor: Visitor; agent: Agent; conversationUuid: string }> {
    const agent = await createAgent(server);
    const visitor = await createVisitor(server);
    const created = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, conversation_type: 'P2S', member_list: [agent.userUuid] }, visitor.token);
    expect(created.body.error_code).toBe(0);
    return { visitor, agent, conversationUuid: created.body.uuid };
  }

  const storedCount = async (uuid: string) => (await server.dataSource.query(`SELECT count(*)::int AS count FROM messages WHERE uuid = $1`, [uuid]))[0].count as number;

  describe('PP_SEND_MESSAGE', () => {
    it('stores a text message and answers uuid and ts', async () => {
      const { visitor, conversationUuid } = await chat();
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'hello', { device_uuid: visitor.deviceUuid });
      const before = Date.now() / 1000;
      const answer = await server.api('PP_SEND_MESSAGE', message, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.uri).toBe('/PP_SEND_MESSAGE');
      expect(answer.body.uuid).toBe(message.uuid);
      expect(answer.body.ts).toBeGreaterThanOrEqual(before - 1);
      const [row] = await server.dataSource.query(`SELECT * FROM messages WHERE uuid = $1`, [message.uuid]);
      expect(row.body).toBe('hello');
      expect(row.seq).toBe('1');
      expect(row.from_device_uuid).toBe(visitor.deviceUuid);
      const [conversation] = await server.dataSource.query(`SELECT status, latest_task FROM conversations WHERE uuid = $1`, [conversationUuid]);
      expect(conversation.status).toBe('OPEN');
      expect(conversation.latest_task).toBe(message.uuid);
    });

    it('records MessageSent in the outbox', async () => {
      const { visitor, conversationUuid } = await chat();
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'outbox me');
      await server.api('PP_SEND_MESSAGE', message, visitor.token);
      const rows = await server.dataSource.query(`SELECT payload FROM test_outbox_history WHERE event_type = 'MessageSent' AND payload->>'message_uuid' = $1`, [message.uuid]);
      expect(rows).toHaveLength(1);
      expect(rows[0].payload.compact_body.bo).toBe('outbox me');
      expect(rows[0].payload.member_uuids).toHaveLength(2);
      // Once published, the relay deletes the row, so the outbox holds only what is pending.
      const pending = async () => (await server.dataSource.query(`SELECT 1 FROM outbox_events WHERE payload->>'message_uuid' = $1`, [message.uuid])).length;
      for (let attempt = 0; attempt < 50 && (await pending()) > 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await pending()).toBe(0);
    });

    it('a resend of the same uuid stores nothing new', async () => {
      const { visitor, conversationUuid } = await chat();
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'once');
      const first = await server.api('PP_SEND_MESSAGE', message, visitor.token);
      const second = await server.api('PP_SEND_MESSAGE', message, visitor.token);
      expect(second.body.error_code).toBe(0);
      expect(second.body.ts).toBe(first.body.ts);
      expect(await storedCount(message.uuid as string)).toBe(1);
    });

    it('a resend does not use up a sequence number', async () => {
      const { visitor, conversationUuid } = await chat();
      const first = textMessage(app, conversationUuid, visitor.userUuid, 'first');
      await server.api('PP_SEND_MESSAGE', first, visitor.token);
      expect((await server.api('PP_SEND_MESSAGE', first, visitor.token)).body.error_code).toBe(0);
      const second = textMessage(app, conversationUuid, visitor.userUuid, 'second');
      expect((await server.api('PP_SEND_MESSAGE', second, visitor.token)).body.error_code).toBe(0);
      const rows = await server.dataSource.query(`SELECT uuid, seq FROM messages WHERE conversation_uuid = $1 ORDER BY seq`, [conversationUuid]);
      expect(rows).toEqual([
        { uuid: first.uuid, seq: '1' },
        { uuid: second.uuid, seq: '2' },
      ]);
      const outbox = await server.dataSource.query(`SELECT 1 FROM test_outbox_history WHERE event_type = 'MessageSent' AND payload->>'conversation_uuid' = $1`, [conversationUuid]);
      expect(outbox).toHaveLength(2);
    });

    it('a message without conversation_type takes the conversation type', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      const { conversation_type: _omitted, ...fromVisitor } = textMessage(app, conversationUuid, visitor.userUuid, 'typed by the server');
      expect((await server.api('PP_SEND_MESSAGE', fromVisitor, visitor.token)).body.error_code).toBe(0);
      const { conversation_type: _alsoOmitted, ...fromAgent } = textMessage(app, conversationUuid, agent.userUuid, 'and again', { to_uuid: visitor.userUuid, to_type: 'DU' });
      expect((await server.api('PP_SEND_MESSAGE', fromAgent, agent.token)).body.error_code).toBe(0);
      const rows = await server.dataSource.query(`SELECT conversation_type FROM messages WHERE conversation_uuid = $1`, [conversationUuid]);
      expect(rows).toEqual([{ conversation_type: 'P2S' }, { conversation_type: 'P2S' }]);
      const [event] = await server.dataSource.query(`SELECT payload FROM test_outbox_history WHERE payload->>'message_uuid' = $1`, [fromVisitor.uuid]);
      expect(event.payload.compact_body.ct).toBe('P2S');
      expect(event.payload.seq).toBe(1);
      const unknown = { ...fromVisitor, uuid: randomUUID(), conversation_uuid: randomUUID() };
      expect((await server.api('PP_SEND_MESSAGE', unknown, visitor.token)).body.error_code).toBe(26);
    });

    it('a rejected send writes nothing', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, 'before'), visitor.token);
      const state = async () => ({
        conversation: await server.dataSource.query(`SELECT last_seq, latest_task, updatetime FROM conversations WHERE uuid = $1`, [conversationUuid]),
        messages: await server.dataSource.query(`SELECT uuid FROM messages WHERE conversation_uuid = $1`, [conversationUuid]),
        views: await server.dataSource.query(`SELECT * FROM member_conversation_views WHERE conversation_uuid = $1 ORDER BY user_uuid`, [conversationUuid]),
        inbox: await server.dataSource.query(`SELECT * FROM team_inbox_views WHERE conversation_uuid = $1`, [conversationUuid]),
        outbox: await server.dataSource.query(`SELECT id FROM test_outbox_history WHERE payload->>'conversation_uuid' = $1`, [conversationUuid]),
        deliveries: await server.dataSource.query(`SELECT uuid FROM deliveries WHERE conversation_uuid = $1`, [conversationUuid]),
      });
      const before = await state();
      const stranger = await createVisitor(server);
      const foreignDevice = textMessage(app, conversationUuid, visitor.userUuid, 'x', { device_uuid: stranger.deviceUuid });
      expect((await server.api('PP_SEND_MESSAGE', foreignDevice, visitor.token)).body.error_code).toBe(8);
      expect((await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, stranger.userUuid, 'x'), stranger.token)).body.error_code).toBe(26);
      const reused = { ...textMessage(app, conversationUuid, agent.userUuid, 'other text'), uuid: before.messages[0].uuid };
      expect((await server.api('PP_SEND_MESSAGE', reused, agent.token)).body.error_code).toBe(44);
      expect(await state()).toEqual(before);
    });

    it('20 parallel sends of one uuid store one message', async () => {
      const { visitor, conversationUuid } = await chat();
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'parallel');
      const answers = await Promise.all(Array.from({ length: 20 }, () => server.api('PP_SEND_MESSAGE', message, visitor.token)));
      expect(answers.map((answer) => answer.body.error_code)).toEqual(Array(20).fill(0));
      expect(new Set(answers.map((answer) => answer.body.ts)).size).toBe(1);
      expect(await storedCount(message.uuid as string)).toBe(1);
      const [conversation] = await server.dataSource.query(`SELECT last_seq FROM conversations WHERE uuid = $1`, [conversationUuid]);
      expect(conversation.last_seq).toBe('1');
    });

    it('reusing a uuid for other content is 44', async () => {
      const { visitor, conversationUuid } = await chat();
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'original');
      await server.api('PP_SEND_MESSAGE', message, visitor.token);
      const changed = await server.api('PP_SEND_MESSAGE', { ...message, message_body: 'changed' }, visitor.token);
      expect(changed.body).toEqual({ error_code: 44, error_string: 'invalid value of para.', uri: '/PP_SEND_MESSAGE' });
      const elsewhere = await chat();
      const moved = await server.api('PP_SEND_MESSAGE', { ...textMessage(app, elsewhere.conversationUuid, elsewhere.visitor.userUuid, 'original'), uuid: message.uuid }, elsewhere.visitor.token);
      expect(moved.body.error_code).toBe(44);
      const [row] = await server.dataSource.query(`SELECT body, conversation_uuid FROM messages WHERE uuid = $1`, [message.uuid]);
      expect(row.body).toBe('original');
      expect(row.conversation_uuid).toBe(conversationUuid);
    });

    it('concurrent senders get distinct consecutive seqs', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      const sends = [];
      for (let index = 0; index < 25; index++) {
        sends.push(server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, `v${index}`), visitor.token));
        sends.push(server.api('PP_SEND_MESSAGE', { ...textMessage(app, conversationUuid, agent.userUuid, `a${index}`), conversation_type: 'S2P', to_uuid: visitor.userUuid, to_type: 'DU' }, agent.token));
      }
      const answers = await Promise.all(sends);
      expect(answers.every((answer) => answer.body.error_code === 0)).toBe(true);
      const rows: { seq: string }[] = await server.dataSource.query(`SELECT seq FROM messages WHERE conversation_uuid = $1 ORDER BY seq`, [conversationUuid]);
      expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    });

    it.each([
      ['emoji', '😀👍🏽 family 👨‍👩‍👧'],
      ['CJK', '你好，世界。日本語のテキスト'],
      ['combining marks', 'e\u0301 a\u0308 n\u0303'],
      ['right-to-left', 'مرحبا بالعالم שלום'],
      ['tab and newlines', 'line one\n\tline two\r\n'],
    ])('keeps %s intact', async (_case, text) => {
      const { visitor, conversationUuid } = await chat();
      const message = textMessage(app, conversationUuid, visitor.userUuid, text);
      expect((await server.api('PP_SEND_MESSAGE', message, visitor.token)).body.error_code).toBe(0);
      const history = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0 }, visitor.token);
      expect(history.body.list[0].body).toBe(text);
      expect(JSON.parse(history.body.list[0].message_body).bo).toBe(text);
    });

    it('counts the length limit in code points', async () => {
      const { visitor, conversationUuid } = await chat();
      const atLimit = await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, '😀'.repeat(16384)), visitor.token);
      expect(atLimit.body.error_code).toBe(0);
      const over = await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, 'x'.repeat(16385)), visitor.token);
      expect(over.body.error_code).toBe(44);
    });

    it.each([['NUL', 'a\u0000b'], ['bell', 'ring\u0007'], ['escape', '\u001b[31m'], ['empty', '']])('rejects %s with 44', async (_case, text) => {
      const { visitor, conversationUuid } = await chat();
      const message = textMessage(app, conversationUuid, visitor.userUuid, text);
      expect((await server.api('PP_SEND_MESSAGE', message, visitor.token)).body.error_code).toBe(44);
      expect(await storedCount(message.uuid as string)).toBe(0);
    });

    it.each([['VIDEO', 16], ['LOGOUT', 16], ['MENU', 16]])('subtype %s is %i', async (subtype, code) => {
      const { visitor, conversationUuid } = await chat();
      const answer = await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, '{"fid":"x"}', { message_subtype: subtype }), visitor.token);
      expect(answer.body.error_code).toBe(code);
      expect(answer.body.error_string).toBe('illegal message.');
    });

    it.each([
      ['IMAGE', `{"fid":"${randomUUID()}","mime":"image/png"}`, 14],
      ['FILE', `{"fid":"${randomUUID()}"}`, 14],
      ['FILE', 'not json', 16],
      ['DOCUMENT', '{"name":"no fid"}', 16],
    ])('%s with body %s is %i', async (subtype, body, code) => {
      const { visitor, conversationUuid } = await chat();
      const message = textMessage(app, conversationUuid, visitor.userUuid, body, { message_subtype: subtype });
      const answer = await server.api('PP_SEND_MESSAGE', message, visitor.token);
      expect(answer.body.error_code).toBe(code);
      expect(await storedCount(message.uuid as string)).toBe(0);
    });

    it('sends an uploaded image with its thumbnail', async () => {
      const { visitor, conversationUuid } = await chat();
      const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer();
      const form = new FormData();
      form.append('user_uuid', visitor.userUuid);
      form.append('upload_type', 'file');
      form.append('file', new Blob([image], { type: 'image/png' }), 'photo.png');
      const upload = await fetch(`${server.baseUrl}/upload`, { method: 'POST', body: form, headers: { authorization: `OAuth ${visitor.token}` } });
      const fileUuid = ((await upload.json()) as { fuuid: string }).fuuid;
      const message = textMessage(app, conversationUuid, visitor.userUuid, JSON.stringify({ fid: fileUuid, mime: 'image/png' }), { message_subtype: 'IMAGE' });
      const answer = await server.api('PP_SEND_MESSAGE', message, visitor.token);
      expect(answer.body.error_code).toBe(0);
      const history = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0 }, visitor.token);
      const stored = JSON.parse(history.body.list[0].body);
      expect(stored.orig).toBe(fileUuid);
      expect(stored.orig_width).toBe(400);
      expect(stored.orig_height).toBe(300);
      expect(stored.thum_width).toBeLessThanOrEqual(120);
      expect(stored.thum_height).toBeLessThanOrEqual(160);
      const [file] = await server.dataSource.query(`SELECT referenced FROM files WHERE uuid = $1`, [fileUuid]);
      expect(file.referenced).toBe(true);
      expect((await server.api('PP_SEND_MESSAGE', message, visitor.token)).body.error_code).toBe(0);
      expect(await storedCount(message.uuid as string)).toBe(1);
    });

    it('upper-cases type and subtype; SYS from clients is 44', async () => {
      const { visitor, conversationUuid } = await chat();
      const lower = await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, 'lower', { message_type: 'noti', message_subtype: 'text' }), visitor.token);
      expect(lower.body.error_code).toBe(0);
      const system = await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, 'sys', { message_type: 'SYS' }), visitor.token);
      expect(system.body.error_code).toBe(44);
    });

    it.each(['uuid', 'conversation_uuid', 'from_uuid', 'from_type', 'to_uuid', 'to_type', 'message_type', 'message_subtype', 'message_body', 'app_uuid'])('missing %s is 6', async (field) => {
      const { visitor, conversationUuid } = await chat();
      const message = textMessage(app, conversationUuid, visitor.userUuid, 'x');
      delete message[field];
      expect((await server.api('PP_SEND_MESSAGE', message, visitor.token)).body.error_code).toBe(6);
    });

    it.each([
      ['message_body', 42, 28],
      ['uuid', 7, 28],
      ['uuid', 'not-a-uuid', 44],
      ['to_type', 'XX', 44],
      ['from_type', 'AP', 44],
      ['conversation_type', 'P2P', 44],
      ['device_uuid', 'bad', 44],
    ])('%s = %j is %i', async (field, value, code) => {
      const { visitor, conversationUuid } = await chat();
      const answer = await server.api('PP_SEND_MESSAGE', { ...textMessage(app, conversationUuid, visitor.userUuid, 'x'), [field]: value }, visitor.token);
      expect(answer.body.error_code).toBe(code);
    });

    it('unknown conversation and non-member are 26', async () => {
      const { conversationUuid } = await chat();
      const stranger = await createVisitor(server);
      expect((await server.api('PP_SEND_MESSAGE', textMessage(app, randomUUID(), stranger.userUuid, 'x'), stranger.token)).body.error_code).toBe(26);
      expect((await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, stranger.userUuid, 'x'), stranger.token)).body.error_code).toBe(26);
    });

    it('sending as another user is 20', async () => {
      const { visitor, conversationUuid } = await chat();
      const stranger = await createVisitor(server);
      expect((await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, 'x'), stranger.token)).body.error_code).toBe(20);
    });

    it("another app's conversation is 26 and another app is 20", async () => {
      const other = await createOtherApp(server);
      const foreigner = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const created = await server.api('PP_CREATE_CONVERSATION', { app_uuid: other.appUuid, user_uuid: foreigner.userUuid, conversation_type: 'P2S' }, foreigner.token);
      const thirdParty = await server.clientToken('THIRD_PARTY_KEFU');
      const crossConversation = await server.api('PP_SEND_MESSAGE', textMessage(app, created.body.uuid, foreigner.userUuid, 'x'), thirdParty);
      expect(crossConversation.body.error_code).toBe(26);
      const crossApp = await server.api('PP_SEND_MESSAGE', textMessage(other.appUuid, created.body.uuid, foreigner.userUuid, 'x'), thirdParty);
      expect(crossApp.body.error_code).toBe(20);
    });

    it("another user's device is 8", async () => {
      const { visitor, conversationUuid } = await chat();
      const stranger = await createVisitor(server);
      const answer = await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, 'x', { device_uuid: stranger.deviceUuid }), visitor.token);
      expect(answer.body.error_code).toBe(8);
    });

    it('console level is 4', async () => {
      const { visitor, conversationUuid } = await chat();
      const { token } = await server.passwordToken('PPCONSOLE');
      expect((await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, 'x'), token)).body.error_code).toBe(4);
    });

    it('an agent answering from the team inbox joins the conversation', async () => {
      const { visitor, conversationUuid } = await chat();
      await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, 'help?'), visitor.token);
      const helper = await createAgent(server, { distributor: false });
      const answer = await server.api('PP_SEND_MESSAGE', { ...textMessage(app, conversationUuid, helper.userUuid, 'I can help'), conversation_type: 'S2P' }, helper.token);
      expect(answer.body.error_code).toBe(0);
      const members = await server.dataSource.query(`SELECT user_uuid FROM conversation_members WHERE conversation_uuid = $1`, [conversationUuid]);
      expect(members.map((row: { user_uuid: string }) => row.user_uuid)).toContain(helper.userUuid);
      const events = await server.dataSource.query(`SELECT 1 FROM test_outbox_history WHERE event_type = 'ConversationAssigned' AND payload->>'conversation_uuid' = $1`, [conversationUuid]);
      expect(events).toHaveLength(1);
      const list = await server.api('PP_GET_USER_CONVERSATION_LIST', { app_uuid: app, user_uuid: helper.userUuid }, helper.token);
      const item = list.body.list.find((entry: { uuid: string }) => entry.uuid === conversationUuid);
      expect(item.unread_count).toBe(0);
      expect(item.message_total_count).toBe(2);
    });

    it('an agent cannot join a conversation closed by the team', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, visitor.userUuid, 'help?'), visitor.token);
      await server.api('PP_CLOSE_CONVERSATION', { app_uuid: app, user_uuid: agent.userUuid, conversation_uuid: conversationUuid }, agent.token);
      const latecomer = await createAgent(server);
      const answer = await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, latecomer.userUuid, 'too late'), latecomer.token);
      expect(answer.body.error_code).toBe(26);
    });
  });

  describe('PP_GET_HISTORY_MESSAGE', () => {
    async function conversationWith(count: number): Promise<{ visitor: Visitor; agent: Agent; conversationUuid: string; uuids: string[] }> {
      const setup = await chat();
      const uuids: string[] = [];
      for (let index = 0; index < count; index++) {
        const message = textMessage(app, setup.conversationUuid, setup.visitor.userUuid, `m${index}`);
        await server.api('PP_SEND_MESSAGE', message, setup.visitor.token);
        uuids.push(message.uuid as string);
      }
      return { ...setup, uuids };
    }

    it('pages newest first with totals and sender', async () => {
      const { visitor, conversationUuid, uuids } = await conversationWith(5);
      const answer = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0, page_size: 2 }, visitor.token);
      expect(answer.body.error_code).toBe(0);
      expect(answer.body.total_count).toBe(5);
      expect(answer.body.count).toBe(2);
      expect(answer.body.page_size).toBe(2);
      expect(answer.body.page_offset).toBe(0);
      expect(answer.body.max_id).toBe(uuids[4]);
      expect(answer.body.list.map((item: { uuid: string }) => item.uuid)).toEqual([uuids[4], uuids[3]]);
      const item = answer.body.list[0];
      expect(item.from_user.uuid).toBe(visitor.userUuid);
      expect(item.from_user).not.toHaveProperty('password_hash');
      expect(item.task_status).toBe('PROCESSED');
      const compact = JSON.parse(item.message_body);
      expect(compact).toMatchObject({ id: uuids[4], ci: conversationUuid, ct: 'P2S', ft: 'DU', fi: visitor.userUuid, mt: 'NOTI', ms: 'TEXT', bo: 'm4' });
      expect(typeof compact.ts).toBe('number');
      const last = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 2, page_size: 2 }, visitor.token);
      expect(last.body.list.map((entry: { uuid: string }) => entry.uuid)).toEqual([uuids[0]]);
      const past = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 9, page_size: 2 }, visitor.token);
      expect(past.body.list).toEqual([]);
    });

    it('pinned max_id keeps pages stable while messages arrive', async () => {
      const { visitor, agent, conversationUuid } = await conversationWith(6);
      const first = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0, page_size: 2 }, visitor.token);
      const pinned = first.body.list[0].uuid;
      const seen: string[] = first.body.list.map((item: { uuid: string }) => item.uuid);
      for (let page = 1; page < 3; page++) {
        await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, agent.userUuid, `interleaved ${page}`), agent.token);
        const answer = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: page, page_size: 2, max_id: pinned }, visitor.token);
        seen.push(...answer.body.list.map((item: { uuid: string }) => item.uuid));
      }
      expect(new Set(seen).size).toBe(6);
      const rows = await server.dataSource.query(`SELECT uuid FROM messages WHERE conversation_uuid = $1 AND body LIKE 'm%' ORDER BY seq DESC`, [conversationUuid]);
      expect(seen).toEqual(rows.map((row: { uuid: string }) => row.uuid));
    });

    it('since_id, max_id and ignore_max bound the window', async () => {
      const { visitor, conversationUuid, uuids } = await conversationWith(6);
      const window = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0, max_id: uuids[4], since_id: uuids[1] }, visitor.token);
      expect(window.body.list.map((item: { uuid: string }) => item.uuid)).toEqual([uuids[4], uuids[3], uuids[2]]);
      expect(window.body.total_count).toBe(6);
      const exclusive = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0, max_id: uuids[4], ignore_max: true, since_id: uuids[1], ignore_since: true }, visitor.token);
      expect(exclusive.body.list.map((item: { uuid: string }) => item.uuid)).toEqual([uuids[3], uuids[2]]);
      const unknownAnchor = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0, max_id: randomUUID() }, visitor.token);
      expect(unknownAnchor.body.count).toBe(6);
    });

    it('page_offset -1 returns the filtered list, page_size caps at 100', async () => {
      const { visitor, conversationUuid } = await conversationWith(3);
      const all = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: -1 }, visitor.token);
      expect(all.body.count).toBe(3);
      const capped = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0, page_size: 1000 }, visitor.token);
      expect(capped.body.page_size).toBe(100);
    });

    it.each([
      [{ page_offset: undefined }, 6],
      [{ conversation_uuid: undefined }, 6],
      [{ page_offset: '0' }, 28],
      [{ page_offset: -2 }, 44],
      [{ page_size: 0 }, 44],
      [{ ignore_max: 'yes' }, 28],
      [{ max_id: 'bad' }, 44],
    ])('rejects %j with %i', async (override, code) => {
      const { visitor, conversationUuid } = await chat();
      const body: Record<string, unknown> = { conversation_uuid: conversationUuid, page_offset: 0, ...override };
      for (const [key, value] of Object.entries(override)) {
        if (value === undefined) {
          delete body[key];
        }
      }
      expect((await server.api('PP_GET_HISTORY_MESSAGE', body, visitor.token)).body.error_code).toBe(code);
    });

    it('non-member visitor and foreign conversation are 26', async () => {
      const { conversationUuid } = await conversationWith(1);
      const stranger = await createVisitor(server);
      expect((await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0 }, stranger.token)).body.error_code).toBe(26);
      const other = await createOtherApp(server);
      const foreignConsole = await server.clientToken('THIRD_PARTY_CONSOLE', other.keys);
      expect((await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0 }, foreignConsole)).body.error_code).toBe(26);
    });

    it('any agent of the app and console tokens may read a visitor conversation', async () => {
      const { conversationUuid } = await conversationWith(2);
      const colleague = await createAgent(server, { distributor: false });
      expect((await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0 }, colleague.token)).body.count).toBe(2);
      const console = await server.clientToken('THIRD_PARTY_CONSOLE');
      expect((await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0 }, console)).body.count).toBe(2);
    });

    it('shows a removed sender as removed', async () => {
      const { visitor, agent, conversationUuid } = await chat();
      await server.api('PP_SEND_MESSAGE', textMessage(app, conversationUuid, agent.userUuid, 'bye'), agent.token);
      await server.dataSource.query(`UPDATE users SET removed_at = now() WHERE uuid = $1`, [agent.userUuid]);
      const history = await server.api('PP_GET_HISTORY_MESSAGE', { conversation_uuid: conversationUuid, page_offset: 0 }, visitor.token);
      expect(history.body.list[0].from_user.uuid).toBe(agent.userUuid);
      expect(history.body.list[0].from_user.is_removed).toBe(true);
    });
  });

  it('after every kind of send above, rebuilt read models equal the live ones', async () => {
    const live = await readModels(server, app);
    expect(live.members.length).toBeGreaterThan(20);
    await rebuildReadModels(server, app);
    expect(await readModels(server, app)).toEqual(live);
  });
});
