import Fastify from 'fastify';
import { Pool } from 'pg';

/**
 * The send benchmark's baseline: the same HTTP framework as the server, no Nest pipeline, and
 * one INSERT per request into the same PostgreSQL. Our server's rate is reported against it.
 */
async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const port = Number(process.env.PORT ?? 0);
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is required');
  }
  const pool = new Pool({ connectionString: databaseUrl, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_baseline_messages (uuid uuid PRIMARY KEY, conversation_uuid uuid NOT NULL, body text NOT NULL, createtime timestamptz NOT NULL DEFAULT now())`,
  );
  const server = Fastify({ logger: false });
  server.post('/send', async (request) => {
    const body = request.body as { uuid: string; conversation_uuid: string; message_body: string };
    await pool.query('INSERT INTO bench_baseline_messages (uuid, conversation_uuid, body) VALUES ($1, $2, $3)', [body.uuid, body.conversation_uuid, body.message_body]);
    return { error_code: 0, uuid: body.uuid };
  });
  await server.listen({ port, host: '127.0.0.1' });
  process.stdout.write(`baseline listening on ${port}\n`);
  const stop = async () => {
    await server.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline failed: ${String(error)}\n`);
  process.exit(1);
});
