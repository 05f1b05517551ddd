import { randomUUID } from 'node:crypto';
import { JsonClient } from '../lib/http-client';
import { BenchVisitor, BootstrapCredentials, createVisitor, textMessage } from '../lib/fixtures';
import { cpuBetween, CpuTotals } from '../lib/cpu';
import { LatencySummary, nowMs, round, summarize } from '../lib/stats';

export interface ThroughputRun {
  rate: number;
  latency: LatencySummary;
  errors: number;
  messages: number;
  /** CPU seconds each process used during the run; null off Linux. */
  cpu: CpuTotals | null;
  /** Bytes PostgreSQL wrote to its write-ahead log during the run. */
  wal_bytes: number;
}

/** Microseconds of CPU per message, by process; what the two sides spend their machine on. */
export interface CpuPerMessage {
  http_server_us: number;
  postgres_us: number;
  load_generator_us: number;
}

/** Write-ahead log per message: what each commit has to flush to disk. */
export interface WalPerMessage {
  server_bytes: number;
  baseline_bytes: number;
}

export interface SendThroughputResult {
  clients: number;
  duration_s: number;
  server: ThroughputRun;
  baseline: ThroughputRun;
  ratio: number;
  cpu_per_message: { server: CpuPerMessage; baseline: CpuPerMessage } | null;
  wal_per_message: WalPerMessage;
}

/** Runs `clients` closed-loop workers until the deadline; each sends its next request when the last returns. */
async function closedLoop(
  clients: number,
  durationMs: number,
  request: (worker: number) => Promise<boolean>,
  readCpu: () => CpuTotals | null,
  readWalPosition: () => Promise<number>,
): Promise<ThroughputRun> {
  const latencies: number[] = [];
  let errors = 0;
  const walBefore = await readWalPosition();
  const cpuBefore = readCpu();
  const started = nowMs();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async (_, worker) => {
      while (nowMs() < deadline) {
        const begin = nowMs();
        const ok = await request(worker).catch(() => false);
        latencies.push(nowMs() - begin);
        if (!ok) {
          errors++;
        }
      }
    }),
  );
  const elapsed = (nowMs() - started) / 1000;
  const cpuAfter = readCpu();
  const walBytes = (await readWalPosition()) - walBefore;
  const cpu = cpuBefore && cpuAfter ? cpuBetween(cpuBefore, cpuAfter) : null;
  return { rate: round(latencies.length / elapsed, 1), latency: summarize(latencies), errors, messages: latencies.length, cpu, wal_bytes: walBytes };
}

function mergeRuns(runs: ThroughputRun[]): ThroughputRun {
  const rate = runs.reduce((sum, run) => sum + run.rate, 0) / runs.length;
  const worst = runs.reduce((a, b) => (a.latency.p99 > b.latency.p99 ? a : b));
  const cpu = runs.every((run) => run.cpu)
    ? runs.reduce<CpuTotals>(
        (sum, run) => ({
          server: sum.server + run.cpu!.server,
          baseline: sum.baseline + run.cpu!.baseline,
          postgres: sum.postgres + run.cpu!.postgres,
          load: sum.load + run.cpu!.load,
        }),
        { server: 0, baseline: 0, postgres: 0, load: 0 },
      )
    : null;
  return {
    rate: round(rate, 1),
    latency: worst.latency,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    messages: runs.reduce((sum, run) => sum + run.messages, 0),
    cpu,
    wal_bytes: runs.reduce((sum, run) => sum + run.wal_bytes, 0),
  };
}

function perMessage(run: ThroughputRun, httpServer: 'server' | 'baseline'): CpuPerMessage | null {
  if (!run.cpu || run.messages === 0) {
    return null;
  }
  const micros = (seconds: number) => Math.round((seconds * 1e6) / run.messages);
  return { http_server_us: micros(run.cpu[httpServer]), postgres_us: micros(run.cpu.postgres), load_generator_us: micros(run.cpu.load) };
}

/**
 * PP_SEND_MESSAGE over HTTP with many concurrent clients, each in its own conversation, against
 * a baseline HTTP server doing one INSERT per request. The two alternate in rounds so machine
 * noise affects both alike; the reported rate is the mean of the rounds.
 */
export async function sendThroughput(options: {
  credentials: BootstrapCredentials;
  baselineUrl: string;
  clients: number;
  durationMs: number;
  rounds: number;
  /** Reads the CPU time used so far by each process, or returns null where that is not possible. */
  readCpu: () => CpuTotals | null;
  /** Reads the write-ahead log's insert position, in bytes. */
  readWalPosition: () => Promise<number>;
}): Promise<SendThroughputResult> {
  const serverClient = new JsonClient(options.credentials.server, options.clients);
  const baselineClient = new JsonClient(options.baselineUrl, options.clients);
  const app = options.credentials.app_uuid;
  const visitors: BenchVisitor[] = [];
  for (let index = 0; index < options.clients; index++) {
    visitors.push(await createVisitor(serverClient, options.credentials));
  }

  const sendOurs = async (worker: number) => {
    const visitor = visitors[worker];
    const answer = await serverClient.post('/api/PP_SEND_MESSAGE', textMessage(app, visitor, 'benchmark message'), { authorization: `OAuth ${visitor.token}` });
    return answer.body.error_code === 0;
  };
  const sendBaseline = async (worker: number) => {
    const answer = await baselineClient.post('/send', { uuid: randomUUID(), conversation_uuid: visitors[worker].conversationUuid, message_body: 'benchmark message' });
    return answer.body.error_code === 0;
  };

  await closedLoop(options.clients, 1000, sendBaseline, options.readCpu, options.readWalPosition);
  await closedLoop(options.clients, 1000, sendOurs, options.readCpu, options.readWalPosition);
  const ours: ThroughputRun[] = [];
  const baseline: ThroughputRun[] = [];
  for (let round = 0; round < options.rounds; round++) {
    baseline.push(await closedLoop(options.clients, options.durationMs, sendBaseline, options.readCpu, options.readWalPosition));
    ours.push(await closedLoop(options.clients, options.durationMs, sendOurs, options.readCpu, options.readWalPosition));
  }
  serverClient.close();
  baselineClient.close();

  const server = mergeRuns(ours);
  const base = mergeRuns(baseline);
  const serverCpu = perMessage(server, 'server');
  const baselineCpu = perMessage(base, 'baseline');
  return {
    clients: options.clients,
    duration_s: (options.durationMs * options.rounds) / 1000,
    server,
    baseline: base,
    ratio: round(server.rate / base.rate, 3),
    cpu_per_message: serverCpu && baselineCpu ? { server: serverCpu, baseline: baselineCpu } : null,
    wal_per_message: { server_bytes: Math.round(server.wal_bytes / Math.max(1, server.messages)), baseline_bytes: Math.round(base.wal_bytes / Math.max(1, base.messages)) },
  };
}
