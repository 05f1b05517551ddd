import { Client } from 'pg';
import { JsonClient } from '../lib/http-client';
import { BootstrapCredentials, clientToken } from '../lib/fixtures';
import { LatencySummary, nowMs, summarize } from '../lib/stats';

export interface ScaleMeasurement {
  conversations: number;
  messages: number;
  history: LatencySummary;
  inbox: LatencySummary;
}

export interface DataScaleResult {
  small: ScaleMeasurement;
  large: ScaleMeasurement;
  history_ratio: number;
  inbox_ratio: number;
}

/** Fills one app with conversations, messages and their read-model rows straight in SQL. */
async function fill(databaseUrl: string, appUuid: string, conversations: number, messagesPerConversation: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO conversations (uuid, app_uuid, user_uuid, status, conversation_type, last_seq, team_status, createtime, updatetime)
       SELECT gen_random_uuid(), $1, gen_random_uuid(), 'OPEN', 'P2S', $3, 'OPEN', now() - make_interval(secs => i), now() - make_interval(secs => i)
         FROM generate_series(1, $2::int) AS i`,
      [appUuid, conversations, messagesPerConversation],
    );
    await client.query(
      `INSERT INTO messages (uuid, app_uuid, conversation_uuid, seq, conversation_type, from_uuid, from_type, to_uuid, to_type,
                             message_type, message_subtype, body, content_hash, createtime)
       SELECT gen_random_uuid(), c.app_uuid, c.uuid, s, 'P2S', c.user_uuid, 'DU', c.uuid::text, 'AP', 'NOTI', 'TEXT',
              'message number ' || s, repeat('0', 64), c.createtime + make_interval(secs => s)
         FROM conversations c CROSS JOIN generate_series(1, $2::int) AS s
        WHERE c.app_uuid = $1`,
      [appUuid, messagesPerConversation],
    );
    await client.query(
      `UPDATE conversations c SET latest_task = m.uuid FROM messages m
        WHERE c.app_uuid = $1 AND m.conversation_uuid = c.uuid AND m.seq = c.last_seq`,
      [appUuid],
    );
    await client.query(
      `INSERT INTO team_inbox_views (conversation_uuid, app_uuid, team_status, last_activity_at, latest_message_uuid, message_total_count)
       SELECT uuid, app_uuid, 'OPEN', updatetime, latest_task, last_seq FROM conversations WHERE app_uuid = $1`,
      [appUuid],
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

async function measure(client: JsonClient, credentials: BootstrapCredentials, databaseUrl: string, samples: number, conversations: number, messages: number): Promise<ScaleMeasurement> {
  const token = await clientToken(credentials, 'THIRD_PARTY_CONSOLE');
  const auth = { authorization: `OAuth ${token}` };
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const sample: { uuid: string }[] = (await pg.query(`SELECT uuid FROM conversations WHERE app_uuid = $1 ORDER BY random() LIMIT $2`, [credentials.app_uuid, samples])).rows;
  await pg.end();

  const history: number[] = [];
  const inbox: number[] = [];
  for (let index = 0; index < samples; index++) {
    let begin = nowMs();
    const page = await client.post('/api/PP_GET_HISTORY_MESSAGE', { conversation_uuid: sample[index % sample.length].uuid, page_offset: 0, page_size: 20 }, auth);
    history.push(nowMs() - begin);
    if (page.body.error_code !== 0 || page.body.list.length === 0) {
      throw new Error(`history page failed: ${JSON.stringify(page.body).slice(0, 200)}`);
    }
    begin = nowMs();
    const list = await client.post('/api/PP_GET_APP_CONVERSATION_LIST', { app_uuid: credentials.app_uuid, page_size: 50 }, auth);
    inbox.push(nowMs() - begin);
    if (list.body.error_code !== 0 || list.body.list.length === 0) {
      throw new Error(`team inbox failed: ${JSON.stringify(list.body).slice(0, 200)}`);
    }
  }
  return { conversations, messages, history: summarize(history), inbox: summarize(inbox) };
}

/**
 * History page and team inbox first page latency for a small app and a large app in the same
 * database, one request at a time, so the ratio shows how cost grows with data.
 */
export async function dataScale(options: {
  databaseUrl: string;
  small: BootstrapCredentials;
  large: BootstrapCredentials;
  largeConversations: number;
  largeMessagesPerConversation: number;
  samples: number;
}): Promise<DataScaleResult> {
  await fill(options.databaseUrl, options.small.app_uuid, 50, 20);
  await fill(options.databaseUrl, options.large.app_uuid, options.largeConversations, options.largeMessagesPerConversation);
  const client = new JsonClient(options.small.server, 1);
  // Warm both paths so the first samples do not measure cold caches and JIT compilation.
  await measure(client, options.small, options.databaseUrl, 50, 50, 1000);
  const small = await measure(client, options.small, options.databaseUrl, options.samples, 50, 1000);
  const large = await measure(
    client,
    options.large,
    options.databaseUrl,
    options.samples,
    options.largeConversations,
    options.largeConversations * options.largeMessagesPerConversation,
  );
  client.close();
  return {
    small,
    large,
    history_ratio: Math.round((large.history.p99 / small.history.p99) * 100) / 100,
    inbox_ratio: Math.round((large.inbox.p99 / small.inbox.p99) * 100) / 100,
  };
}
