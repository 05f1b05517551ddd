import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { findFreePort, startEmbeddedPostgres } from '../src/common/database/embedded-postgres';
import { readCpuTotals } from './lib/cpu';
import { runMigrations } from '../src/common/database/migrate';
import { BootstrapCredentials } from './lib/fixtures';
import { JsonClient } from './lib/http-client';
import { answersOptions, answersPost, startChild, startScriptNodeFlags } from './lib/processes';
import { connections, ConnectionsResult } from './scenarios/connections';
import { dataScale, DataScaleResult } from './scenarios/data-scale';
import { deliveryLatency, DeliveryLatencyResult } from './scenarios/delivery-latency';
import { sendThroughput, SendThroughputResult } from './scenarios/send-throughput';

interface Target {
  name: string;
  value: string;
  goal: string;
  met: boolean;
}

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER_SCRIPT = path.join(ROOT, 'dist', 'src', 'main.js');
const BASELINE_SCRIPT = path.join(ROOT, 'dist', 'bench', 'baseline-server.js');

function parseArgs(argv: string[]): { quick: boolean; out: string; profileDir: string | null; only: string | null } {
  const quick = argv.includes('--quick');
  const profileIndex = argv.indexOf('--cpu-prof-dir');
  const profileDir = profileIndex >= 0 ? path.resolve(argv[profileIndex + 1]) : null;
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? argv[onlyIndex + 1] : null;
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1] : path.join(ROOT, 'bench-results.json');
  return { quick, out, profileDir, only };
}

async function createApp(credentials: BootstrapCredentials, adminPasswordSha1: string, name: string): Promise<BootstrapCredentials> {
  const key = credentials.api_keys.PPCONSOLE;
  const tokenResponse = await fetch(`${credentials.server}/ppauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: key.api_key,
      client_secret: key.api_secret,
      user_email: credentials.admin.user_email,
      user_password: adminPasswordSha1,
    }).toString(),
  });
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
  const client = new JsonClient(credentials.server, 1);
  const created = await client.post('/api/PP_CREATE_APP', { app_name: name }, { authorization: `OAuth ${token}` });
  client.close();
  if (created.body.error_code !== 0) {
    throw new Error(`PP_CREATE_APP failed: ${JSON.stringify(created.body)}`);
  }
  return { ...credentials, app_uuid: created.body.uuid, api_keys: created.body.api_keys };
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) {
    process.stdout.write(row.map((cell, column) => cell.padEnd(widths[column])).join('  ') + '\n');
  }
}

async function main(): Promise<void> {
  const { quick, out, profileDir, only } = parseArgs(process.argv.slice(2));
  for (const script of [SERVER_SCRIPT, BASELINE_SCRIPT]) {
    if (!fs.existsSync(script)) {
      throw new Error(`${script} is missing; run npm run bench, which builds first`);
    }
  }
  if (process.platform === 'linux') {
    // The build just wrote dist/. The kernel writing that back during the first measurements
    // slowed the disk's flushes, and every commit with them (stalls of 70 ms in the flush probe).
    execFileSync('sync');
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppmessage-bench-'));
  fs.chmodSync(workDir, 0o755);
  const started = Date.now();
  process.stdout.write(`benchmark (${quick ? 'quick' : 'full'}) in ${workDir}\n`);

  const clusterDir = path.join(workDir, 'postgres', 'cluster');
  const postgres = await startEmbeddedPostgres(clusterDir);
  const stops: (() => Promise<void>)[] = [() => postgres.stop()];
  try {
    await runMigrations(postgres.url);
    const adminPassword = 'bench-admin-password';
    const adminPasswordSha1 = createHash('sha1').update(adminPassword).digest('hex');
    const serverPort = await findFreePort();
    const server = await startChild(
      SERVER_SCRIPT,
      { DATABASE_URL: postgres.url, DATA_DIR: path.join(workDir, 'data'), PORT: String(serverPort), ADMIN_PASSWORD: adminPassword },
      answersOptions(`http://127.0.0.1:${serverPort}/api/PP_GET_APP_INFO`),
      120_000,
      [...startScriptNodeFlags(ROOT), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    );
    stops.unshift(() => server.stop());
    const baselinePort = await findFreePort();
    const baseline = await startChild(BASELINE_SCRIPT, { DATABASE_URL: postgres.url, PORT: String(baselinePort) }, answersPost(`http://127.0.0.1:${baselinePort}/send`));
    stops.unshift(() => baseline.stop());
    const credentials = JSON.parse(fs.readFileSync(path.join(workDir, 'data', 'bootstrap.json'), 'utf8')) as BootstrapCredentials;

    const runs = (name: string) => only === null || only.split(',').includes(name);
    let send: SendThroughputResult | undefined;
    const deliveries: DeliveryLatencyResult[] = [];
    let sockets: ConnectionsResult | undefined;
    let scale: DataScaleResult | undefined;

    if (runs('send')) {
      process.stdout.write('send throughput...\n');
      const walReader = new Client({ connectionString: postgres.url });
      await walReader.connect();
      stops.unshift(() => walReader.end());
      send = await sendThroughput({
        credentials,
        baselineUrl: `http://127.0.0.1:${baselinePort}`,
        clients: 64,
        durationMs: quick ? 3000 : 10000,
        rounds: quick ? 1 : 3,
        readCpu: () => readCpuTotals({ server: server.child.pid as number, baseline: baseline.child.pid as number }, clusterDir),
        readWalPosition: async () => Number((await walReader.query<{ bytes: string }>(`SELECT pg_current_wal_insert_lsn() - '0/0' AS bytes`)).rows[0].bytes),
      });
    }
    if (runs('delivery')) {
      process.stdout.write('delivery latency...\n');
      // A rate the server sustains shows the push path itself; the 1,000 msg/s target shows saturation.
      for (const rate of quick ? [100] : [100, 1000]) {
        deliveries.push(await deliveryLatency({ credentials, adminPasswordSha1, rate, durationMs: quick ? 3000 : 10000, warmupMs: quick ? 1000 : 3000, senders: 32, diskProbeDirectory: workDir }));
      }
    }
    if (runs('connections')) {
      process.stdout.write('connections...\n');
      sockets = await connections({
        credentials,
        databaseUrl: postgres.url,
        serverPid: server.child.pid as number,
        count: quick ? 1000 : 10000,
        fanout: quick ? 200 : 1000,
      });
    }
    if (runs('scale')) {
      process.stdout.write('data scale...\n');
      const small = await createApp(credentials, adminPasswordSha1, 'Small Team');
      const large = await createApp(credentials, adminPasswordSha1, 'Large Team');
      scale = await dataScale({
        databaseUrl: postgres.url,
        small,
        large,
        largeConversations: quick ? 10_000 : 100_000,
        largeMessagesPerConversation: 10,
        samples: quick ? 100 : 300,
      });
    }

    const rows: string[][] = [['measurement', 'ours', 'baseline / small', 'unit']];
    const targets: Target[] = [];
    if (send) {
      rows.push(
        ['send rate (64 clients)', `${send.server.rate}`, `${send.baseline.rate}`, 'msg/s'],
        ['send latency p50', `${send.server.latency.p50}`, `${send.baseline.latency.p50}`, 'ms'],
        ['send latency p99', `${send.server.latency.p99}`, `${send.baseline.latency.p99}`, 'ms'],
      );
      if (send.cpu_per_message) {
        const { server: ours, baseline: base } = send.cpu_per_message;
        rows.push(
          ['CPU per message: HTTP server', `${ours.http_server_us}`, `${base.http_server_us}`, 'µs'],
          ['CPU per message: PostgreSQL', `${ours.postgres_us}`, `${base.postgres_us}`, 'µs'],
          ['CPU per message: load generator', `${ours.load_generator_us}`, `${base.load_generator_us}`, 'µs'],
        );
      }
      rows.push(['write-ahead log per message', `${send.wal_per_message.server_bytes}`, `${send.wal_per_message.baseline_bytes}`, 'bytes']);
      targets.push({ name: 'send rate vs baseline', value: `${send.ratio}`, goal: '>= 0.5', met: send.ratio >= 0.5 });
    }
    for (const delivery of deliveries) {
      rows.push(
        [`delivery p50 at ${delivery.target_rate} msg/s (achieved ${delivery.achieved_rate})`, `${delivery.latency.p50}`, '', 'ms'],
        [`delivery p99 at ${delivery.target_rate} msg/s`, `${delivery.latency.p99}`, '', 'ms'],
        ['messages received / sent', `${delivery.received} / ${delivery.sent}`, '', ''],
        ['  disk flush p50 / p99 / max meanwhile', `${delivery.disk_flush.p50} / ${delivery.disk_flush.p99} / ${delivery.disk_flush.max}`, '', 'ms'],
        [
          `  over ${delivery.late.over_ms} ms / of them during a flush over ${delivery.late.slow_flush_ms} ms`,
          `${delivery.late.count} / ${delivery.late.during_slow_disk_flush}`,
          '',
          'messages',
        ],
      );
      targets.push({
        name: `delivery p99 at ${delivery.target_rate} msg/s`,
        value: `${delivery.latency.p99} ms at ${delivery.achieved_rate} msg/s (disk flush p99 ${delivery.disk_flush.p99} ms)`,
        goal: `< 20 ms at ${delivery.target_rate} msg/s`,
        met: delivery.latency.p99 < 20 && delivery.received === delivery.sent && delivery.achieved_rate >= delivery.target_rate * 0.95,
      });
    }
    if (sockets) {
      rows.push(
        [`idle sockets (connected in ${sockets.connect_s} s)`, `${sockets.connections}`, '', ''],
        ['memory per idle socket', `${sockets.memory_per_connection_kib}`, '', 'KiB'],
        [`push to ${sockets.fanout_recipients} sockets`, `${sockets.fanout_ms}`, '', 'ms'],
      );
      targets.push({ name: 'memory per idle socket', value: `${sockets.memory_per_connection_kib} KiB`, goal: '<= 20 KiB', met: sockets.memory_per_connection_kib <= 20 });
    }
    if (scale) {
      rows.push(
        [`history page p50 (${scale.large.messages} msgs)`, `${scale.large.history.p50}`, `${scale.small.history.p50}`, 'ms'],
        ['history page p99', `${scale.large.history.p99}`, `${scale.small.history.p99}`, 'ms'],
        [`team inbox p50 (${scale.large.conversations} convs)`, `${scale.large.inbox.p50}`, `${scale.small.inbox.p50}`, 'ms'],
        ['team inbox p99', `${scale.large.inbox.p99}`, `${scale.small.inbox.p99}`, 'ms'],
      );
      targets.push(
        { name: 'history p99, large', value: `${scale.large.history.p99} ms`, goal: '< 10 ms', met: scale.large.history.p99 < 10 },
        { name: 'inbox p99, large', value: `${scale.large.inbox.p99} ms`, goal: '< 10 ms', met: scale.large.inbox.p99 < 10 },
        { name: 'history p99 large/small', value: `${scale.history_ratio}`, goal: '<= 2', met: scale.history_ratio <= 2 },
        { name: 'inbox p99 large/small', value: `${scale.inbox_ratio}`, goal: '<= 2', met: scale.inbox_ratio <= 2 },
      );
    }
    process.stdout.write('\n');
    printTable(rows);
    process.stdout.write('\n');
    printTable([['target', 'value', 'goal', 'met'], ...targets.map((target) => [target.name, target.value, target.goal, target.met ? 'yes' : 'NO'])]);

    const result = {
      mode: quick ? 'quick' : 'full',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model, memory_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      duration_s: Math.round((Date.now() - started) / 1000),
      send_throughput: send ?? null,
      delivery_latency: deliveries,
      connections: sockets ?? null,
      data_scale: scale ?? null,
      targets,
    };
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(`\nresults written to ${out} (${result.duration_s} s)\n`);
  } finally {
    for (const stop of stops) {
      await stop().catch((error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`));
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
