import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * An in-memory stand-in for an S3-compatible store, path-style only (`/bucket/key`): PUT, GET
 * with a single Range, HEAD and DELETE of objects. Enough to exercise the S3 storage driver.
 */
export class FakeS3 {
  readonly objects = new Map<string, { body: Buffer; contentType: string }>();
  readonly requests: { method: string; path: string }[] = [];

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<FakeS3> {
    let fake: FakeS3 | undefined;
    const server = createServer((request, response) => void fake!.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeS3(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const key = decodeURIComponent(new URL(request.url ?? '/', 'http://fake').pathname);
    this.requests.push({ method: request.method ?? '', path: key });
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const stored = this.objects.get(key);
    switch (request.method) {
      case 'PUT':
        this.objects.set(key, { body: Buffer.concat(chunks), contentType: String(request.headers['content-type'] ?? 'application/octet-stream') });
        response.writeHead(200, { etag: '"fake"' }).end();
        return;
      case 'DELETE':
        this.objects.delete(key);
        response.writeHead(204).end();
        return;
      case 'HEAD':
        if (!stored) {
          response.writeHead(404).end();
          return;
        }
        response.writeHead(200, { 'content-length': stored.body.length, 'content-type': stored.contentType }).end();
        return;
      case 'GET': {
        if (!stored) {
          response.writeHead(404, { 'content-type': 'application/xml' }).end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>missing</Message></Error>');
          return;
        }
        const range = /^bytes=(\d+)-(\d+)$/.exec(String(request.headers.range ?? ''));
        if (range) {
          const start = Number(range[1]);
          const end = Math.min(Number(range[2]), stored.body.length - 1);
          response
            .writeHead(206, { 'content-type': stored.contentType, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${stored.body.length}` })
            .end(stored.body.subarray(start, end + 1));
          return;
        }
        response.writeHead(200, { 'content-type': stored.contentType, 'content-length': stored.body.length }).end(stored.body);
        return;
      }
      default:
        response.writeHead(405).end();
    }
  }
}
