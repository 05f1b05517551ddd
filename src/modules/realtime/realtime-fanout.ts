import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createLogger } from '../../common/logging/logger';
import { formatDatetime } from '../../common/protocol/datetime';
import { ClusterBus } from './cluster-bus';
import { MessageDispatcher } from './message-dispatcher';
import { ConversationAckEvent, DeviceLoggedOutEvent, DeviceTakenOverEvent, MessagePushEvent, PresenceEvent, RealtimeEvent, TypingEvent } from './realtime-events';
import { servesHttp } from './serves-http';
import { SocketRegistry } from './socket-registry';
import { ackFrame, DisCode, typingFrame } from './ws-frames';

/**
 * Applies real-time events to this node's sockets and hands them to the cluster bus for the
 * other nodes. Events from other nodes arrive through the bus and are applied the same way.
 */
@Injectable()
export class RealtimeFanout implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger(RealtimeFanout.name);
  private takeoverHandler: ((event: DeviceTakenOverEvent) => void) | null = null;
  private logoutHandler: ((event: DeviceLoggedOutEvent) => void) | null = null;

  constructor(
    @Inject(ClusterBus) private readonly bus: ClusterBus,
    private readonly registry: SocketRegistry,
    private readonly dispatcher: MessageDispatcher,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!servesHttp(this.adapterHost)) {
      return;
    }
    await this.bus.start((event) => {
      this.apply(event).catch((error: unknown) => this.logger.error({ err: error, kind: event.kind }, 'applying a real-time event from another node failed'));
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.bus.stop();
  }

  /** Set by the gateway, which owns what happens to a socket that is forced out. */
  onTakeover(handler: (event: DeviceTakenOverEvent) => void): void {
    this.takeoverHandler = handler;
  }

  /** Set by the gateway, which closes the sockets of a device whose agent logged out. */
  onLogout(handler: (event: DeviceLoggedOutEvent) => void): void {
    this.logoutHandler = handler;
  }

  /** Applies the event here, then tells the other nodes. Message events throw so the relay retries them. */
  async publish(event: RealtimeEvent): Promise<void> {
    await this.apply(event);
    await this.bus.publish(event);
  }

  /** Publishes stored messages in order, here with one delivery query for them all. Throws so the relay retries them. */
  async publishMessages(events: MessagePushEvent[]): Promise<void> {
    await this.dispatcher.dispatchAll(events);
    for (const event of events) {
      await this.bus.publish(event);
    }
  }

  /** Publishes a message this node stored, with the deliveries its statement returned. Throws so the relay retries it. */
  async publishStored(event: MessagePushEvent, deliveries: { uuid: string; device_uuid: string }[]): Promise<void> {
    await this.dispatcher.dispatchKnown(event, deliveries);
    await this.bus.publish(event);
  }

  /** Like publish, for events whose loss only costs a hint (typing, presence): failures are logged. */
  publishQuietly(event: RealtimeEvent): void {
    this.publish(event).catch((error: unknown) => this.logger.warn({ err: error, kind: event.kind }, 'real-time event not delivered everywhere'));
  }

  private async apply(event: RealtimeEvent): Promise<void> {
    switch (event.kind) {
      case 'message':
        await this.dispatcher.dispatch(event);
        return;
      case 'typing':
        this.applyTyping(event);
        return;
      case 'presence':
        this.applyPresence(event);
        return;
      case 'takeover':
        this.takeoverHandler?.(event);
        return;
      case 'logout':
        this.logoutHandler?.(event);
        return;
      case 'conversation-ack':
        this.applyConversationAck(event);
        return;
    }
  }

  private applyTyping(event: TypingEvent): void {
    for (const session of this.registry.watchersOf(event.conversationUuid)) {
      const identity = session.identity;
      if (identity && identity.appUuid === event.appUuid && identity.userUuid !== event.userUuid) {
        this.registry.send(session, typingFrame(event.userUuid, event.conversationUuid));
      }
    }
  }

  private applyConversationAck(event: ConversationAckEvent): void {
    for (const session of this.registry.ofDevice(event.deviceUuid)) {
      if (session.identity?.appUuid === event.appUuid) {
        this.registry.send(session, ackFrame('CONVERSATION', event.code as DisCode, event.extra));
      }
    }
  }

  /** Agents hear about everyone in their app; visitors only about agents. */
  private applyPresence(event: PresenceEvent): void {
    const state = event.online ? 'ONLINE' : 'OFFLINE';
    // Only service users hear about visitors, so a visitor's event skips the other visitors'
    // sockets. With thousands of visitors online, that loop would grow quadratically.
    const listeners = event.isServiceUser ? this.registry.ofApp(event.appUuid) : this.registry.serviceUsersOfApp(event.appUuid);
    for (const session of listeners) {
      const listener = session.identity;
      if (!listener || listener.deviceUuid === event.deviceUuid || (!listener.isServiceUser && !event.isServiceUser)) {
        continue;
      }
      this.registry.send(session, {
        type: 'ONLINE',
        user_uuid: event.userUuid,
        extra_data: event.online ? event.extraData : null,
        mobile: event.mobile ? state : 'UNCHANGED',
        browser: event.mobile ? 'UNCHANGED' : state,
        device_uuid: listener.deviceUuid,
        createtime: formatDatetime(new Date(event.at)),
      });
    }
  }
}
