import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ClusterBus, SingleNodeBus } from './cluster-bus';
import { AgentDeviceHandler } from './agent-device.handler';
import { AckMessagesHandler } from './commands/ack-messages.handler';
import { DeliveryRetention } from './delivery-retention';
import { MessageDispatcher } from './message-dispatcher';
import { MessagePublishHandler, OutboxKickHandler } from './outbox-events.handlers';
import { OutboxRelay } from './outbox-relay';
import { PresenceService } from './presence.service';
import { GetUnackedMessageHandler } from './queries/get-unacked-message.handler';
import { GetUnackedMessagesHandler } from './queries/get-unacked-messages.handler';
import { PageUnackedMessagesHandler } from './queries/page-unacked-messages.handler';
import { RealtimeController } from './realtime.controller';
import { RealtimeFanout } from './realtime-fanout';
import { RealtimeGateway } from './realtime.gateway';
import { SocketRegistry } from './socket-registry';

/** Redis is required only when configured, so a single node never loads a Redis client. */
function createClusterBus(config: AppConfig): ClusterBus {
  if (!config.redisUrl) {
    return new SingleNodeBus();
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisClusterBus } = require('./redis-cluster-bus') as typeof import('./redis-cluster-bus');
  return new RedisClusterBus(config.redisUrl);
}

/** Real-time delivery: the `/pcsocket/WS` socket, the outbox relay, presence and catch-up over HTTP. */
@Module({
  imports: [AuthModule],
  controllers: [RealtimeController],
  providers: [
    { provide: ClusterBus, inject: [APP_CONFIG], useFactory: createClusterBus },
    SocketRegistry,
    MessageDispatcher,
    RealtimeFanout,
    PresenceService,
    OutboxRelay,
    DeliveryRetention,
    OutboxKickHandler,
    MessagePublishHandler,
    RealtimeGateway,
    GetUnackedMessagesHandler,
    GetUnackedMessageHandler,
    AckMessagesHandler,
    AgentDeviceHandler,
    PageUnackedMessagesHandler,
  ],
})
export class RealtimeModule {}
