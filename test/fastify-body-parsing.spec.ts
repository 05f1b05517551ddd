import { AsyncResource } from 'node:async_hooks';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/**
 * On Node.js 20, AsyncResource.prototype.bind keeps what its callback reaches alive through
 * young-generation collections (measured). NestJS's adapter pins Fastify 5.11, which binds for
 * every request body; package.json overrides it with 5.12, which does not.
 */
describe('Fastify body parsing', () => {
  it('does not bind async resources per request', async () => {
    const adapter = new FastifyAdapter();
    const fastify = adapter.getInstance();
    fastify.post('/echo', async (request) => request.body);
    await fastify.ready();
    const bind = jest.spyOn(AsyncResource.prototype, 'bind');
    try {
      const response = await fastify.inject({ method: 'POST', url: '/echo', payload: { text: 'hello' } });

      expect(response.json()).toEqual({ text: 'hello' });
      expect(bind).not.toHaveBeenCalled();
    } finally {
      bind.mockRestore();
      await fastify.close();
    }
  });
});
