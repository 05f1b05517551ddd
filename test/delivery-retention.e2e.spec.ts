import { randomUUID } from 'node:crypto';
import { DeliveryRetention } from '../src/modules/realtime/delivery-retention';
import { TestServer } from './support/test-server';

describe('delivery retention', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(async () => {
    await server.close();
  });

  async function delivery(ageDays: number, acked: boolean): Promise<string> {
    const uuid = randomUUID();
    await server.dataSource.query(
      `INSERT INTO deliveries (uuid, app_uuid, message_uuid, conversation_uuid, seq, user_uuid, device_uuid, acked_at, createtime)
       VALUES ($1, $2, $3, $4, 1, $5, $6, $7, now() - make_interval(days => $8))`,
      [uuid, server.appUuid, randomUUID(), randomUUID(), randomUUID(), randomUUID(), acked ? new Date() : null, ageDays],
    );
    return uuid;
  }

  it('keeps unacked deliveries 30 days and acked ones a day', async () => {
    const kept = [await delivery(29, false), await delivery(0, true), await delivery(0, false)];
    const removed = [await delivery(31, false), await delivery(2, true), await delivery(40, true)];

    const deleted = await server.app.get(DeliveryRetention).sweep(new Date());
    expect(deleted).toBe(3);

    const left: { uuid: string }[] = await server.dataSource.query(`SELECT uuid FROM deliveries WHERE uuid = ANY($1::uuid[])`, [[...kept, ...removed]]);
    expect(left.map((row) => row.uuid).sort()).toEqual([...kept].sort());
    expect(await server.app.get(DeliveryRetention).sweep(new Date())).toBe(0);
  });
});
