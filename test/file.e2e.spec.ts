import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { MessageAttachments } from '../src/modules/file/message-attachments';
import { OrphanFileSweeper } from '../src/modules/file/orphan-file-sweeper';
import { S3FileStorage } from '../src/modules/file/storage/s3-file-storage';
import { createAgent, createVisitor } from './support/fixtures';
import { FakeS3 } from './support/fake-s3';
import { createOtherApp, sha1, TestServer } from './support/test-server';

const SIZE_LIMIT = 256 * 1024;
const RATE_PER_MINUTE = 12;

interface Answer {
  status: number;
  body: Record<string, any>;
  headers: Headers;
}

async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

describe('files: upload, download, thumbnails, message bodies', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ FILE_SIZE_LIMIT: String(SIZE_LIMIT), UPLOAD_RATE_PER_MINUTE: String(RATE_PER_MINUTE) });
  });

  afterAll(async () => {
    await server.close();
  });

  async function upload(content: Buffer | string, options: { name?: string; type?: string; token?: string; userUuid?: string; fields?: Record<string, string>; scheme?: string } = {}): Promise<Answer> {
    const form = new FormData();
    if (options.userUuid !== undefined) {
      form.append('user_uuid', options.userUuid);
    }
    form.append('upload_type', 'file');
    for (const [name, value] of Object.entries(options.fields ?? {})) {
      form.append(name, value);
    }
    form.append('file', new Blob([content], { type: options.type ?? 'application/octet-stream' }), options.name ?? 'upload.bin');
    const headers: Record<string, string> = {};
    if (options.token !== undefined) {
      headers.authorization = `${options.scheme ?? 'OAuth'} ${options.token}`;
    }
    const response = await fetch(`${server.baseUrl}/upload`, { method: 'POST', body: form, headers });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : {}, headers: response.headers };
  }

  async function uploadText(fields: Record<string, string>, token?: string): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (token !== undefined) {
      headers.authorization = `OAuth ${token}`;
    }
    const response = await fetch(`${server.baseUrl}/upload_txt`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
    return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
  }

  async function download(fileUuid: string, query = '', headers: Record<string, string> = {}): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const response = await fetch(`${server.baseUrl}/download/${fileUuid}${query}`, { headers });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  async function fileRow(fileUuid: string): Promise<Record<string, any> | undefined> {
    const rows: Record<string, any>[] = await server.dataSource.query(`SELECT * FROM files WHERE uuid = $1`, [fileUuid]);
    return rows[0];
  }

  function storedPath(storageKey: string): string {
    return path.join(server.dataDir, 'files', storageKey.slice(0, 2), storageKey);
  }

  async function jpeg(width: number, height: number): Promise<Buffer> {
    return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
  }

  async function png(width: number, height: number): Promise<Buffer> {
    return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 1 } } }).png().toBuffer();
  }

  async function gif(width: number, height: number): Promise<Buffer> {
    return sharp({ create: { width, height, channels: 3, background: { r: 0, g: 200, b: 0 } } }).gif().toBuffer();
  }

  describe('POST /upload', () => {
    it('stores a file uploaded with an agent token and answers its fuuid', async () => {
      const agent = await createAgent(server);
      const content = Buffer.from('%PDF-1.4\nnot really a pdf but it starts like one\n');
      const answer = await upload(content, { token: agent.token, name: 'report.pdf', type: 'application/pdf', fields: { material_type: 'DOCUMENT' } });
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body)).toEqual(['fuuid']);
      expect(answer.body.fuuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      const row = await fileRow(answer.body.fuuid);
      expect(row?.app_uuid).toBe(server.appUuid);
      expect(row?.user_uuid).toBe(agent.userUuid);
      expect(row?.file_name).toBe('report.pdf');
      expect(row?.file_size).toBe(String(content.length));
      expect(row?.file_mime).toBe('application/pdf');
      expect(row?.file_sha1).toBe(sha1(content.toString('utf8')));
      expect(row?.material_type).toBe('DOCUMENT');
      expect(row?.referenced).toBe(false);
      expect(await fs.readFile(storedPath(row!.storage_key))).toEqual(content);
    });

    it('accepts the Bearer scheme', async () => {
      const agent = await createAgent(server);
      const answer = await upload('bearer upload', { token: agent.token, scheme: 'Bearer' });
      expect(answer.status).toBe(200);
    });

    it('stores an anonymous upload for a visitor of an app that allows it', async () => {
      const visitor = await createVisitor(server);
      const answer = await upload('hello from a visitor', { userUuid: visitor.userUuid, name: 'note.txt' });
      expect(answer.status).toBe(200);
      const row = await fileRow(answer.body.fuuid);
      expect(row?.app_uuid).toBe(server.appUuid);
      expect(row?.user_uuid).toBe(visitor.userUuid);
      expect(row?.file_mime).toBe('text/plain');
    });

    it('anonymous upload rejected when disallowed', async () => {
      const other = await createOtherApp(server);
      await server.dataSource.query(`UPDATE apps SET allow_anonymous_upload = false WHERE uuid = $1`, [other.appUuid]);
      const visitor = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const answer = await upload('not allowed', { userUuid: visitor.userUuid });
      expect(answer.status).toBe(401);
      expect(answer.body.error_code).toBe(3);
      expect(answer.body.error_string).toBe('no such access token.');
      expect(await server.dataSource.query(`SELECT 1 FROM files WHERE user_uuid = $1`, [visitor.userUuid])).toEqual([]);
    });

    it('token upload allowed when anonymous is off', async () => {
      const other = await createOtherApp(server);
      await server.dataSource.query(`UPDATE apps SET allow_anonymous_upload = false WHERE uuid = $1`, [other.appUuid]);
      const visitor = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const answer = await upload('with a token', { token: visitor.token, userUuid: visitor.userUuid });
      expect(answer.status).toBe(200);
      expect((await fileRow(answer.body.fuuid))?.app_uuid).toBe(other.appUuid);
    });

    it('refuses an upload with neither token nor user_uuid (401, code 3)', async () => {
      const answer = await upload('nobody');
      expect(answer.status).toBe(401);
      expect(answer.body.error_code).toBe(3);
    });

    it('refuses an anonymous upload for an unknown user (400, code 7)', async () => {
      const answer = await upload('ghost', { userUuid: randomUUID() });
      expect(answer.status).toBe(400);
      expect(answer.body.error_code).toBe(7);
    });

    it('anonymous upload by an agent rejected', async () => {
      const agent = await createAgent(server);
      const answer = await upload('agent without token', { userUuid: agent.userUuid });
      expect(answer.status).toBe(400);
      expect(answer.body.error_code).toBe(7);
    });

    it('unknown token and malformed header rejected', async () => {
      const unknown = await upload('x', { token: 'not-a-real-token' });
      expect(unknown.status).toBe(401);
      expect(unknown.body.error_code).toBe(4);
      const malformed = await upload('x', { token: 'a b', scheme: 'Basic' });
      expect(malformed.status).toBe(401);
      expect(malformed.body.error_code).toBe(3);
    });

    it('refuses a PPCONSOLE token before login (401, code 4)', async () => {
      const answer = await upload('x', { token: await server.clientToken('PPCONSOLE') });
      expect(answer.status).toBe(401);
      expect(answer.body.error_code).toBe(4);
    });

    it("refuses another app's user_uuid with this app's token (400, code 7)", async () => {
      const other = await createOtherApp(server);
      const foreignVisitor = await createVisitor(server, { appUuid: other.appUuid, keys: other.keys });
      const answer = await upload('x', { token: await server.clientToken('THIRD_PARTY_KEFU'), userUuid: foreignVisitor.userUuid });
      expect(answer.status).toBe(400);
      expect(answer.body.error_code).toBe(7);
    });

    it('refuses a visitor token uploading for another visitor (403, code 20)', async () => {
      const visitor = await createVisitor(server);
      const someoneElse = await createVisitor(server);
      const answer = await upload('x', { token: visitor.token, userUuid: someoneElse.userUuid });
      expect(answer.status).toBe(403);
      expect(answer.body.error_code).toBe(20);
    });

    it('refuses a malformed user_uuid (400, code 44)', async () => {
      const answer = await upload('x', { userUuid: 'not-a-uuid' });
      expect(answer.status).toBe(400);
      expect(answer.body.error_code).toBe(44);
    });

    it('refuses a form without a file part (400, code 6)', async () => {
      const visitor = await createVisitor(server);
      const form = new FormData();
      form.append('user_uuid', visitor.userUuid);
      const response = await fetch(`${server.baseUrl}/upload`, { method: 'POST', body: form });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Record<string, unknown>).error_code).toBe(6);
    });

    it('refuses a body that is not multipart (400, code 1)', async () => {
      const response = await fetch(`${server.baseUrl}/upload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Record<string, unknown>).error_code).toBe(1);
    });

    it('refuses a file over FILE_SIZE_LIMIT (413, code 44) and stores nothing', async () => {
      const visitor = await createVisitor(server);
      const answer = await upload(Buffer.alloc(SIZE_LIMIT + 1, 0x61), { userUuid: visitor.userUuid });
      expect(answer.status).toBe(413);
      expect(answer.body.error_code).toBe(44);
      expect(await server.dataSource.query(`SELECT 1 FROM files WHERE user_uuid = $1`, [visitor.userUuid])).toEqual([]);
      expect(await fs.readdir(path.join(server.dataDir, 'upload-tmp'))).toEqual([]);
    });

    it('accepts a file of exactly FILE_SIZE_LIMIT bytes', async () => {
      const visitor = await createVisitor(server);
      const answer = await upload(Buffer.alloc(SIZE_LIMIT, 0x61), { userUuid: visitor.userUuid });
      expect(answer.status).toBe(200);
      expect((await fileRow(answer.body.fuuid))?.file_size).toBe(String(SIZE_LIMIT));
    });

    it('limits the upload rate per client (429 with Retry-After) without affecting others', async () => {
      const visitor = await createVisitor(server);
      const statuses: number[] = [];
      for (let i = 0; i < RATE_PER_MINUTE; i++) {
        statuses.push((await upload(`upload ${i}`, { userUuid: visitor.userUuid })).status);
      }
      expect(statuses).toEqual(new Array(RATE_PER_MINUTE).fill(200));
      const limited = await upload('one too many', { userUuid: visitor.userUuid });
      expect(limited.status).toBe(429);
      expect(limited.body.error_code).toBe(44);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const otherVisitor = await createVisitor(server);
      expect((await upload('another client', { userUuid: otherVisitor.userUuid })).status).toBe(200);
    });

    it('content decides the stored type', async () => {
      const visitor = await createVisitor(server);
      const answer = await upload('just some words', { userUuid: visitor.userUuid, name: 'picture.png', type: 'image/png' });
      expect(answer.status).toBe(200);
      const row = await fileRow(answer.body.fuuid);
      expect(row?.file_mime).toBe('text/plain');
      expect(row?.file_name).toBe('picture.png');
      expect(row?.image_width).toBeNull();
      expect(row?.thumbnail_uuid).toBeNull();
      const fetched = await download(answer.body.fuuid);
      expect(fetched.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(fetched.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('types binary content it does not know as application/octet-stream', async () => {
      const visitor = await createVisitor(server);
      const answer = await upload(Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff]), { userUuid: visitor.userUuid, name: 'page.html', type: 'text/html' });
      expect((await fileRow(answer.body.fuuid))?.file_mime).toBe('application/octet-stream');
    });

    it('keeps only the base name of a client path', async () => {
      const visitor = await createVisitor(server);
      const answer = await upload('x', { userUuid: visitor.userUuid, name: '../../etc/passwd' });
      expect((await fileRow(answer.body.fuuid))?.file_name).toBe('passwd');
    });

    it('gives every upload a new uuid, even for the same content', async () => {
      const visitor = await createVisitor(server);
      const first = await upload('same bytes', { userUuid: visitor.userUuid });
      const second = await upload('same bytes', { userUuid: visitor.userUuid });
      expect(first.body.fuuid).not.toBe(second.body.fuuid);
    });

    it('answers error 1 to a multipart body sent to an API route', async () => {
      const form = new FormData();
      form.append('app_uuid', server.appUuid);
      const response = await fetch(`${server.baseUrl}/api/PP_GET_APP_INFO`, { method: 'POST', body: form, headers: { authorization: `OAuth ${await server.clientToken('PPCOM')}` } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as Record<string, unknown>).error_code).toBe(1);
    });
  });

  describe('thumbnails', () => {
    it('stores a JPEG with its dimensions and a JPEG thumbnail that fits 120x160', async () => {
      const visitor = await createVisitor(server);
      const answer = await upload(await jpeg(400, 300), { userUuid: visitor.userUuid, name: 'photo.jpg' });
      const row = await fileRow(answer.body.fuuid);
      expect(row?.file_mime).toBe('image/jpeg');
      expect(row?.image_width).toBe(400);
      expect(row?.image_height).toBe(300);
      const thumbnail = await fileRow(row!.thumbnail_uuid);
      expect(thumbnail?.image_width).toBe(120);
      expect(thumbnail?.image_height).toBe(90);
      expect(thumbnail?.file_mime).toBe('image/jpeg');
      const fetched = await download(row!.thumbnail_uuid);
      const metadata = await sharp(fetched.bytes).metadata();
      expect(metadata.format).toBe('jpeg');
      expect([metadata.width, metadata.height]).toEqual([120, 90]);
    });

    it('keeps a PNG thumbnail as PNG, bounded by the height', async () => {
      const visitor = await createVisitor(server);
      const answer = await upload(await png(100, 400), { userUuid: visitor.userUuid, name: 'tall.png' });
      const row = await fileRow(answer.body.fuuid);
      const thumbnail = await fileRow(row!.thumbnail_uuid);
      expect([thumbnail?.image_width, thumbnail?.image_height]).toEqual([40, 160]);
      const metadata = await sharp((await download(row!.thumbnail_uuid)).bytes).metadata();
      expect(metadata.format).toBe('png');
    });

    it('does not enlarge a small image', async () => {
      const visitor = await createVisitor(server);
      const answer = await upload(await png(30, 20), { userUuid: visitor.userUuid });
      const thumbnail = await fileRow((await fileRow(answer.body.fuuid))!.thumbnail_uuid);
      expect([thumbnail?.image_width, thumbnail?.image_height]).toEqual([30, 20]);
    });

    it('makes no thumbnail for a GIF', async () => {
      const visitor = await createVisitor(server);
      const answer = await upload(await gif(50, 40), { userUuid: visitor.userUuid, name: 'anim.gif' });
      const row = await fileRow(answer.body.fuuid);
      expect(row?.file_mime).toBe('image/gif');
      expect([row?.image_width, row?.image_height]).toEqual([50, 40]);
      expect(row?.thumbnail_uuid).toBeNull();
    });

    it('records no dimensions for a JPEG that does not decode', async () => {
      const visitor = await createVisitor(server);
      const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 0x11)]);
      const answer = await upload(broken, { userUuid: visitor.userUuid, name: 'broken.jpg' });
      const row = await fileRow(answer.body.fuuid);
      expect(row?.file_mime).toBe('image/jpeg');
      expect(row?.image_width).toBeNull();
      expect(row?.thumbnail_uuid).toBeNull();
    });
  });

  describe('POST /upload_txt', () => {
    it('stores long text as a text/plain file and answers {fid, mime}', async () => {
      const visitor = await createVisitor(server);
      const text = '长文本'.repeat(100);
      const answer = await uploadText({ upload_type: 'content_txt', content_txt: text, user_uuid: visitor.userUuid });
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['fid', 'mime']);
      expect(answer.body.mime).toBe('text/plain');
      const fetched = await download(answer.body.fid);
      expect(fetched.bytes.toString('utf8')).toBe(text);
      const row = await fileRow(answer.body.fid);
      expect(row?.file_name).toBe('txt');
      expect(row?.user_uuid).toBe(visitor.userUuid);
    });

    it('accepts a token instead of user_uuid', async () => {
      const agent = await createAgent(server);
      const answer = await uploadText({ upload_type: 'content_txt', content_txt: 'agent text' }, agent.token);
      expect(answer.status).toBe(200);
      expect((await fileRow(answer.body.fid))?.user_uuid).toBe(agent.userUuid);
    });

    it('refuses a missing content_txt (400, code 6)', async () => {
      const visitor = await createVisitor(server);
      const answer = await uploadText({ upload_type: 'content_txt', user_uuid: visitor.userUuid });
      expect(answer.status).toBe(400);
      expect(answer.body.error_code).toBe(6);
    });

    it('refuses an upload_type other than content_txt (400, code 44)', async () => {
      const visitor = await createVisitor(server);
      const answer = await uploadText({ upload_type: 'content_html', content_txt: '<b>x</b>', user_uuid: visitor.userUuid });
      expect(answer.status).toBe(400);
      expect(answer.body.error_code).toBe(44);
    });

    it('refuses text without token or user_uuid (401, code 3)', async () => {
      const answer = await uploadText({ upload_type: 'content_txt', content_txt: 'who am i' });
      expect(answer.status).toBe(401);
      expect(answer.body.error_code).toBe(3);
    });
  });

  describe('GET /download', () => {
    let fileUuid: string;
    const content = Buffer.from('0123456789abcdefghij');

    beforeAll(async () => {
      const agent = await createAgent(server);
      fileUuid = (await upload(content, { token: agent.token, name: 'digits.txt' })).body.fuuid;
    });

    it('streams the whole file with its type and length', async () => {
      const answer = await download(fileUuid);
      expect(answer.status).toBe(200);
      expect(answer.bytes).toEqual(content);
      expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(answer.headers.get('content-length')).toBe(String(content.length));
      expect(answer.headers.get('accept-ranges')).toBe('bytes');
      expect(answer.headers.get('content-disposition')).toBeNull();
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    });

    it('names an attachment with file_name, with an RFC 5987 form for non-ASCII names', async () => {
      const ascii = await download(fileUuid, '?file_name=report.txt');
      expect(ascii.headers.get('content-disposition')).toBe(`attachment; filename="report.txt"; filename*=UTF-8''report.txt`);
      const chinese = await download(fileUuid, `?file_name=${encodeURIComponent('报告 "1".txt')}`);
      expect(chinese.headers.get('content-disposition')).toBe(`attachment; filename="__ _1_.txt"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%221%22.txt`);
    });

    it('answers a byte range with 206 and Content-Range', async () => {
      const answer = await download(fileUuid, '', { range: 'bytes=2-5' });
      expect(answer.status).toBe(206);
      expect(answer.bytes.toString()).toBe('2345');
      expect(answer.headers.get('content-range')).toBe(`bytes 2-5/${content.length}`);
      expect(answer.headers.get('content-length')).toBe('4');
    });

    it('answers open-ended and suffix ranges', async () => {
      const open = await download(fileUuid, '', { range: 'bytes=15-' });
      expect(open.status).toBe(206);
      expect(open.bytes.toString()).toBe('fghij');
      const suffix = await download(fileUuid, '', { range: 'bytes=-3' });
      expect(suffix.status).toBe(206);
      expect(suffix.bytes.toString()).toBe('hij');
      expect(suffix.headers.get('content-range')).toBe(`bytes 17-19/${content.length}`);
    });

    it('answers 416 for a range past the end', async () => {
      const answer = await download(fileUuid, '', { range: 'bytes=20-30' });
      expect(answer.status).toBe(416);
      expect(answer.headers.get('content-range')).toBe(`bytes */${content.length}`);
    });

    it('sends the whole file for several ranges', async () => {
      const answer = await download(fileUuid, '', { range: 'bytes=0-1,4-5' });
      expect(answer.status).toBe(200);
      expect(answer.bytes).toEqual(content);
    });

    it('answers 404 with code 14 for an unknown or malformed id', async () => {
      const unknown = await download(randomUUID());
      expect(unknown.status).toBe(404);
      expect(JSON.parse(unknown.bytes.toString()).error_code).toBe(14);
      const malformed = await download('not-a-uuid');
      expect(malformed.status).toBe(404);
    });
  });

  describe('orphan sweep', () => {
    it('orphan sweep deletes only old unreferenced files', async () => {
      const visitor = await createVisitor(server);
      const orphan = (await upload('old orphan', { userUuid: visitor.userUuid })).body.fuuid as string;
      const kept = (await upload('old but used', { userUuid: visitor.userUuid })).body.fuuid as string;
      const fresh = (await upload('recent orphan', { userUuid: visitor.userUuid })).body.fuuid as string;
      await server.dataSource.query(`UPDATE files SET createtime = now() - interval '25 hours' WHERE uuid = ANY($1)`, [[orphan, kept]]);
      await server.dataSource.query(`UPDATE files SET referenced = true WHERE uuid = $1`, [kept]);
      const orphanKey = (await fileRow(orphan))!.storage_key as string;

      const deleted = await server.app.get(OrphanFileSweeper).sweep();

      expect(deleted).toBeGreaterThanOrEqual(1);
      expect(await fileRow(orphan)).toBeUndefined();
      await expect(fs.stat(storedPath(orphanKey))).rejects.toThrow();
      expect((await download(orphan)).status).toBe(404);
      expect(await fileRow(kept)).toBeDefined();
      expect((await download(kept)).status).toBe(200);
      expect(await fileRow(fresh)).toBeDefined();
    });

    it('deletes the thumbnail of an unreferenced image too', async () => {
      const visitor = await createVisitor(server);
      const image = (await upload(await jpeg(300, 300), { userUuid: visitor.userUuid })).body.fuuid as string;
      const thumbnail = (await fileRow(image))!.thumbnail_uuid as string;
      await server.dataSource.query(`UPDATE files SET createtime = now() - interval '25 hours' WHERE uuid = ANY($1)`, [[image, thumbnail]]);
      await server.app.get(OrphanFileSweeper).sweep();
      expect(await fileRow(image)).toBeUndefined();
      expect(await fileRow(thumbnail)).toBeUndefined();
    });
  });

  describe('MessageAttachments.prepareBody', () => {
    let attachments: MessageAttachments;

    beforeAll(() => {
      attachments = server.app.get(MessageAttachments);
    });

    async function uploaded(content: Buffer | string, name: string): Promise<string> {
      // A visitor per upload keeps these uploads clear of the rate limit.
      const visitor = await createVisitor(server);
      const answer = await upload(content, { userUuid: visitor.userUuid, name });
      expect(answer.status).toBe(200);
      return answer.body.fuuid as string;
    }

    function prepare(subtype: string, body: unknown, appUuid = server.appUuid): Promise<string> {
      return server.dataSource.transaction((manager) => attachments.prepareBody(manager, appUuid, subtype, typeof body === 'string' ? body : JSON.stringify(body)));
    }

    async function expectCode(promise: Promise<unknown>, code: number): Promise<void> {
      await expect(promise).rejects.toMatchObject({ code });
    }

    it('TXT keeps {fid} and marks the file referenced', async () => {
      const fid = await uploaded('some long text', 'txt');
      expect(JSON.parse(await prepare('TXT', { fid }))).toEqual({ fid });
      expect((await fileRow(fid))?.referenced).toBe(true);
    });

    it('TXT refuses a file that is not text (16)', async () => {
      const fid = await uploaded(Buffer.from([0, 1, 2, 3]), 'blob.bin');
      await expectCode(prepare('TXT', { fid }), 16);
      expect((await fileRow(fid))?.referenced).toBe(false);
    });

    it('FILE answers fid, stored mime, size and the client name', async () => {
      const fid = await uploaded('%PDF-1.7 content', 'stored-name.pdf');
      expect(JSON.parse(await prepare('FILE', { fid, name: 'shown-name.pdf', mime: 'application/x-anything' }))).toEqual({ fid, mime: 'application/pdf', size: 16, name: 'shown-name.pdf' });
      expect((await fileRow(fid))?.referenced).toBe(true);
    });

    it('FILE falls back to the stored name', async () => {
      const fid = await uploaded('plain text file', 'notes.txt');
      expect(JSON.parse(await prepare('FILE', { fid }))).toEqual({ fid, mime: 'text/plain', size: 15, name: 'notes.txt' });
    });

    it('FILE refuses a name that is not a string (16)', async () => {
      const fid = await uploaded('x', 'x.txt');
      await expectCode(prepare('FILE', { fid, name: 42 }), 16);
    });

    it('DOCUMENT answers the same shape with the stored name', async () => {
      const fid = await uploaded('%PDF-1.7 document', 'contract.pdf');
      expect(JSON.parse(await prepare('DOCUMENT', { fid, name: 'ignored.pdf' }))).toEqual({ fid, mime: 'application/pdf', size: 17, name: 'contract.pdf' });
    });

    it('IMAGE answers thumbnail and original with dimensions, and references both', async () => {
      const fid = await uploaded(await jpeg(400, 300), 'photo.jpg');
      const thumbnail = (await fileRow(fid))!.thumbnail_uuid as string;
      const body = JSON.parse(await prepare('IMAGE', { fid, mime: 'image/jpg' }));
      expect(body).toEqual({ thum: thumbnail, orig: fid, mime: 'image/jpeg', orig_width: 400, orig_height: 300, thum_width: 120, thum_height: 90 });
      expect((await fileRow(fid))?.referenced).toBe(true);
      expect((await fileRow(thumbnail))?.referenced).toBe(true);
    });

    it('IMAGE of a GIF uses the original as its thumbnail', async () => {
      const fid = await uploaded(await gif(60, 30), 'anim.gif');
      expect(JSON.parse(await prepare('IMAGE', { fid, mime: 'image/gif' }))).toEqual({ thum: fid, orig: fid, mime: 'image/gif', orig_width: 60, orig_height: 30, thum_width: 60, thum_height: 30 });
    });

    it('IMAGE refuses an unsupported declared mime (16)', async () => {
      const fid = await uploaded(await png(10, 10), 'a.png');
      await expectCode(prepare('IMAGE', { fid, mime: 'image/webp' }), 16);
      await expectCode(prepare('IMAGE', { fid }), 16);
    });

    it('IMAGE refuses a file that is not a decodable image (16)', async () => {
      const text = await uploaded('not an image', 'fake.png');
      await expectCode(prepare('IMAGE', { fid: text, mime: 'image/png' }), 16);
      const broken = await uploaded(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 1)]), 'broken.jpg');
      await expectCode(prepare('IMAGE', { fid: broken, mime: 'image/jpeg' }), 16);
    });

    it('AUDIO stores m4a and amr as sent, keyed by format', async () => {
      const m4a = await uploaded(Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypM4A '), Buffer.alloc(24, 0)]), 'voice.m4a');
      expect(JSON.parse(await prepare('AUDIO', { fid: m4a, mime: 'audio/m4a', dura: 3.5 }))).toEqual({ m4a: { dura: 3.5, fid: m4a } });
      const amr = await uploaded(Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(16, 0x3c)]), 'voice.amr');
      expect(JSON.parse(await prepare('AUDIO', { fid: amr, mime: 'audio/amr', dura: 2 }))).toEqual({ amr: { dura: 2, fid: amr } });
    });

    it('AUDIO refuses another format, a missing dura, or content of another kind (16)', async () => {
      const amr = await uploaded(Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(16, 0x3c)]), 'voice.amr');
      await expectCode(prepare('AUDIO', { fid: amr, mime: 'audio/mp3', dura: 2 }), 16);
      await expectCode(prepare('AUDIO', { fid: amr, mime: 'audio/amr' }), 16);
      await expectCode(prepare('AUDIO', { fid: amr, mime: 'audio/amr', dura: '2' }), 16);
      await expectCode(prepare('AUDIO', { fid: amr, mime: 'audio/m4a', dura: 2 }), 16);
    });

    it('refuses an unknown, malformed or foreign fid (14)', async () => {
      await expectCode(prepare('FILE', { fid: randomUUID() }), 14);
      await expectCode(prepare('FILE', { fid: 'nope' }), 14);
      const fid = await uploaded('mine', 'mine.txt');
      const other = await createOtherApp(server);
      await expectCode(prepare('FILE', { fid }, other.appUuid), 14);
      expect((await fileRow(fid))?.referenced).toBe(false);
    });

    it('malformed attachment bodies are 16', async () => {
      const fid = await uploaded('x', 'x.txt');
      await expectCode(prepare('FILE', 'not json'), 16);
      await expectCode(prepare('FILE', '[1,2]'), 16);
      await expectCode(prepare('FILE', {}), 16);
      await expectCode(prepare('FILE', { fid: 7 }), 16);
      await expectCode(prepare('VIDEO', { fid }), 16);
    });
  });
});

describe('S3 storage driver', () => {
  let fake: FakeS3;
  let storage: S3FileStorage;

  beforeAll(async () => {
    fake = await FakeS3.start();
    storage = new S3FileStorage({ endpoint: fake.endpoint, bucket: 'uploads', region: 'us-east-1', accessKeyId: 'test-key', secretAccessKey: 'test-secret', forcePathStyle: true });
  });

  afterAll(async () => {
    storage.close();
    await fake.close();
  });

  it('puts, stats, reads (whole and ranged) and deletes an object', async () => {
    const key = randomUUID();
    const content = Buffer.from('object stored in the fake S3');
    await storage.put(key, Readable.from([content]), content.length, 'text/plain');
    expect(fake.objects.get(`/uploads/${key}`)?.body).toEqual(content);
    expect(fake.objects.get(`/uploads/${key}`)?.contentType).toBe('text/plain');
    expect(await storage.stat(key)).toEqual({ size: content.length });
    expect(await readStream(await storage.get(key))).toEqual(content);
    expect((await readStream(await storage.get(key, { start: 7, end: 12 }))).toString()).toBe('stored');
    await storage.delete(key);
    expect(await storage.stat(key)).toBeNull();
    expect(fake.objects.has(`/uploads/${key}`)).toBe(false);
  });

  it('rejects reading a missing object', async () => {
    await expect(storage.get(randomUUID())).rejects.toThrow();
  });
});

describe('files on S3 through the server', () => {
  let fake: FakeS3;
  let server: TestServer;

  beforeAll(async () => {
    fake = await FakeS3.start();
    server = await TestServer.start({ FILE_STORAGE: 's3', S3_ENDPOINT: fake.endpoint, S3_BUCKET: 'ppmessage', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_FORCE_PATH_STYLE: 'true' });
  });

  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('uploads into the bucket and downloads ranges from it', async () => {
    const visitor = await createVisitor(server);
    const form = new FormData();
    form.append('user_uuid', visitor.userUuid);
    form.append('file', new Blob([Buffer.from('bytes kept in S3')]), 's3.txt');
    const uploaded = (await (await fetch(`${server.baseUrl}/upload`, { method: 'POST', body: form })).json()) as { fuuid: string };
    expect(fake.objects.get(`/ppmessage/${uploaded.fuuid}`)?.body.toString()).toBe('bytes kept in S3');
    const whole = await fetch(`${server.baseUrl}/download/${uploaded.fuuid}`);
    expect(await whole.text()).toBe('bytes kept in S3');
    const ranged = await fetch(`${server.baseUrl}/download/${uploaded.fuuid}`, { headers: { range: 'bytes=6-9' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('kept');
  });
});
