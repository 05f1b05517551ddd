import sharp from 'sharp';
import { TestServer } from './support/test-server';

describe('GET /identicon/<name>.png', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(async () => {
    await server.close();
  });

  async function identicon(name: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const response = await fetch(`${server.baseUrl}/identicon/${name}`, { headers });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  it('answers a 64 px PNG with caching headers', async () => {
    const answer = await identicon('3f2b6a0e-8c1d-4e5f-9a7b-1c2d3e4f5a6b.png');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/png');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=604800');
    expect(answer.headers.get('etag')).toMatch(/^"[0-9a-f]{20}"$/);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    const metadata = await sharp(answer.bytes).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 64, 64]);
  });

  it('answers byte-identical images for the same name and different ones for different names', async () => {
    const first = await identicon('visitor-one.png');
    const again = await identicon('visitor-one.png');
    const other = await identicon('visitor-two.png');
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(other.bytes.equals(first.bytes)).toBe(false);
  });

  it('is left-right symmetric', async () => {
    const { data, info } = await sharp((await identicon('symmetry_check.png')).bytes).raw().toBuffer({ resolveWithObject: true });
    for (let y = 0; y < info.height; y += 7) {
      for (let x = 0; x < info.width / 2; x += 5) {
        const left = data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3);
        const mirrored = (y * info.width + (info.width - 1 - x)) * info.channels;
        expect(Buffer.compare(left, data.subarray(mirrored, mirrored + 3))).toBe(0);
      }
    }
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await identicon('cached-name.png');
    const revalidated = await identicon('cached-name.png', { 'if-none-match': first.headers.get('etag')! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.bytes.length).toBe(0);
  });

  it('answers 404 for names outside [A-Za-z0-9_-]{1,128} or without .png', async () => {
    for (const name of ['bad.name.png', 'x'.repeat(129) + '.png', '.png', 'visitor-one.jpg', 'visitor-one', '%C3%A9t%C3%A9.png']) {
      const answer = await identicon(name);
      expect({ name, status: answer.status }).toEqual({ name, status: 404 });
    }
  });
});
