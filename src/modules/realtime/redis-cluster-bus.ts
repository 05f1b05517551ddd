import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createLogger } from '../../common/logging/logger';
import { ClusterBus } from './cluster-bus';
import { RealtimeEvent } from './realtime-events';

const CHANNEL = 'ppmessage:realtime';

interface Envelope {
  node: string;
  event: RealtimeEvent;
}

/**
 * Redis pub/sub between nodes. Pub/sub keeps no history: a node that is down misses events,
 * which is fine because its sockets are gone too and clients catch up over HTTP.
 * Loaded only when REDIS_URL is set.
 */
export class RedisClusterBus extends ClusterBus {
  private readonly logger = createLogger(RedisClusterBus.name);
  private readonly nodeId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(url: string) {
    super();
    this.publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url, { lazyConnect: true });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => this.logger.warn({ err: error }, 'redis connection error'));
    }
  }

  async start(onRemote: (event: RealtimeEvent) => void): Promise<void> {
    this.subscriber.on('message', (_channel: string, raw: string) => {
      let envelope: Envelope;
      try {
        envelope = JSON.parse(raw) as Envelope;
      } catch {
        this.logger.warn('ignored a malformed real-time event from redis');
        return;
      }
      if (envelope.node !== this.nodeId) {
        onRemote(envelope.event);
      }
    });
    await this.publisher.connect();
    await this.subscriber.connect();
    await this.subscriber.subscribe(CHANNEL);
    this.logger.info({ node_id: this.nodeId, channel: CHANNEL }, 'real-time events go through redis');
  }

  async publish(event: RealtimeEvent): Promise<void> {
    await this.publisher.publish(CHANNEL, JSON.stringify({ node: this.nodeId, event } satisfies Envelope));
  }

  async stop(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
