import WebSocket from 'ws';
import { countOverlapping, Span, startDiskFlushProbe } from '../lib/disk-flush-probe';
import { adminKefuToken, BenchVisitor, BootstrapCredentials, createVisitor, textMessage } from '../lib/fixtures';
import { JsonClient } from '../lib/http-client';
import { clockMs, LatencySummary, nowMs, round, summarize } from '../lib/stats';
import { openAuthenticatedSocket } from '../lib/ws-client';

export interface DeliveryLatencyResult {
  target_rate: number;
  achieved_rate: number;
  sent: number;
  received: number;
  latency: LatencySummary;
  /** The disk's flush time over the measured seconds (see startDiskFlushProbe). */
  disk_flush: LatencySummary;
  /** Deliveries that took longer than the target, and how many of them overlapped a slow disk flush. */
  late: { over_ms: number; count: number; during_slow_disk_flush: number; slow_flush_ms: number };
}

/** The delivery target; later deliveries are counted and compared with the disk's slow moments. */
const LATE_MS = 20;
/** A disk flush slower than half the target is enough to make a commit, and its delivery, late. */
const SLOW_FLUSH_MS = 10;

/**
 * Time from the start of a PP_SEND_MESSAGE request until the agent's WebSocket receives the MSG
 * frame, with visitors sending at a steady open-loop rate into conversations the agent is in.
 */
export async function deliveryLatency(options: {
  credentials: BootstrapCredentials;
  adminPasswordSha1: string;
  rate: number;
  durationMs: number;
  warmupMs: number;
  senders: number;
  /** A directory on the filesystem of the PostgreSQL data, for the disk flush probe. */
  diskProbeDirectory: string;
}): Promise<DeliveryLatencyResult> {
  const { credentials } = options;
  const client = new JsonClient(credentials.server, 64);
  const visitors: BenchVisitor[] = [];
  for (let index = 0; index < options.senders; index++) {
    visitors.push(await createVisitor(client, credentials));
  }

  const agentToken = await adminKefuToken(credentials, options.adminPasswordSha1);
  const login = await client.post(
    '/api/PPKEFU_LOGIN',
    { app_uuid: credentials.app_uuid, user_uuid: credentials.admin.user_uuid, device_id: `bench-agent-${Date.now()}`, device_ostype: 'MAC' },
    { authorization: `OAuth ${agentToken}` },
  );
  if (login.body.error_code !== 0) {
    throw new Error(`PPKEFU_LOGIN failed: ${JSON.stringify(login.body)}`);
  }

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const late: Span[] = [];
  const wsUrl = credentials.server.replace(/^http/, 'ws') + '/pcsocket/WS';
  const socket: WebSocket = await openAuthenticatedSocket(
    wsUrl,
    { api_token: agentToken, app_uuid: credentials.app_uuid, user_uuid: credentials.admin.user_uuid, device_uuid: login.body.device_uuid, is_service_user: true },
    (frame) => {
      if (frame.type !== 'MSG' || !frame.msg?.id) {
        return;
      }
      const started = sentAt.get(frame.msg.id);
      if (started !== undefined) {
        const latency = nowMs() - started;
        latencies.push(latency);
        sentAt.delete(frame.msg.id);
        if (latency > LATE_MS) {
          const end = clockMs();
          late.push({ start: end - latency, end });
        }
      }
    },
  );

  const interval = 1000 / options.rate;
  const pending: Promise<unknown>[] = [];
  /** Sends at the steady rate for the duration; only measured sends are timed. */
  const sendAtRate = async (durationMs: number, measured: boolean): Promise<number> => {
    const begin = nowMs();
    let count = 0;
    while (nowMs() - begin < durationMs) {
      const due = begin + count * interval;
      const wait = due - nowMs();
      if (wait > 1) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      } else {
        // Behind or on schedule: still yield, so arriving frames are timed when they arrive and
        // not after a burst of catch-up sends.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const visitor = visitors[count % visitors.length];
      const message = textMessage(credentials.app_uuid, visitor, `latency probe ${count}`);
      if (measured) {
        sentAt.set(message.uuid as string, nowMs());
      }
      pending.push(client.post('/api/PP_SEND_MESSAGE', message, { authorization: `OAuth ${visitor.token}` }).catch(() => undefined));
      count++;
    }
    return count;
  };
  // A warm-up at the same rate first: the client's connections open and the server's code and
  // connection pool warm up, which otherwise shows as a startup spike in the first seconds.
  await sendAtRate(options.warmupMs, false);
  const diskProbe = startDiskFlushProbe(options.diskProbeDirectory, { slowMs: SLOW_FLUSH_MS });
  const begin = nowMs();
  // The probe's worker thread loops until stopped and would keep the process alive after a failure.
  const sent = await sendAtRate(options.durationMs, true).catch(async (error: unknown) => {
    await diskProbe.stop().catch(() => undefined);
    throw error;
  });
  // The achieved rate counts issue time only: sends the server cannot keep up with wait in the
  // client's connection pool, and that waiting is part of their measured latency.
  const elapsed = (nowMs() - begin) / 1000;
  const diskFlush = await diskProbe.stop();
  await Promise.all(pending);
  const drainUntil = nowMs() + 60_000;
  while (sentAt.size > 0 && nowMs() < drainUntil) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  socket.close();
  client.close();
  return {
    target_rate: options.rate,
    achieved_rate: round(sent / elapsed, 1),
    sent,
    received: latencies.length,
    latency: summarize(latencies),
    disk_flush: diskFlush.summary,
    late: { over_ms: LATE_MS, count: late.length, during_slow_disk_flush: countOverlapping(late, diskFlush.slow), slow_flush_ms: SLOW_FLUSH_MS },
  };
}
