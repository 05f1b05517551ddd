import { createAgent, createVisitor, textMessage } from './support/fixtures';
import { capturedLogLines, TestServer } from './support/test-server';
import { WsClient } from './support/ws-client';

/**
 * A client that stops reading its socket must not make the server buffer without bound: past
 * 1 MiB of unsent frames the server closes it with 1013, and the messages stay unacknowledged
 * for GET_UNACKED_MESSAGES.
 */
describe('slow WebSocket client', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(async () => {
    await server.close();
  });

  it('is closed with 1013 and catches up later', async () => {
    const app = server.appUuid;
    const agent = await createAgent(server, { online: true });
    const [device] = await server.dataSource.query(`SELECT uuid FROM devices WHERE user_uuid = $1`, [agent.userUuid]);
    const visitor = await createVisitor(server);
    const created = await server.api('PP_CREATE_CONVERSATION', { app_uuid: app, user_uuid: visitor.userUuid, conversation_type: 'P2S', member_list: [agent.userUuid] }, visitor.token);

    const client = await WsClient.connect(server.baseUrl);
    client.send({ type: 'auth', api_token: agent.token, app_uuid: app, user_uuid: agent.userUuid, device_uuid: device.uuid, is_service_user: true, extra_data: {} });
    expect((await client.ack('AUTH')).code).toBe(0);

    // Stop reading: frames pile up in the kernel buffers, then in the server's send buffer.
    (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const closedLine = () => capturedLogLines.some((line) => line.includes('closing a socket that does not read its frames'));
    const text = 'x'.repeat(16000);
    let sent = 0;
    while (!closedLine() && sent < 4000) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, () => server.api('PP_SEND_MESSAGE', textMessage(app, created.body.uuid, visitor.userUuid, text), visitor.token)),
      );
      expect(batch.every((answer) => answer.body.error_code === 0)).toBe(true);
      sent += batch.length;
      // Give the relay a moment to push what was committed before checking the log again.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(closedLine()).toBe(true);

    (client.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const closed = await Promise.race([client.closed, new Promise<{ code: number }>((_, reject) => setTimeout(() => reject(new Error('socket not closed')), 30_000))]);
    expect(closed.code).toBe(1013);

    const unacked = await server.api('GET_UNACKED_MESSAGES', { app_uuid: app, from_uuid: agent.userUuid, device_uuid: device.uuid }, agent.token);
    expect(unacked.body.error_code).toBe(0);
    expect(unacked.body.size).toBeGreaterThan(0);
  }, 120_000);
});
