import { RealtimeEvent } from './realtime-events';

/**
 * Carries real-time events to the other nodes. A node applies its own events directly, so the
 * bus only has to reach the others; a single node needs no bus at all.
 */
export abstract class ClusterBus {
  abstract start(onRemote: (event: RealtimeEvent) => void): Promise<void>;
  abstract publish(event: RealtimeEvent): Promise<void>;
  abstract stop(): Promise<void>;
}

/** The bus of a single node (no REDIS_URL): there is nobody else to tell. */
export class SingleNodeBus extends ClusterBus {
  async start(): Promise<void> {}
  async publish(): Promise<void> {}
  async stop(): Promise<void> {}
}
