import { Injectable } from '@nestjs/common';
import { WebSocket } from 'ws';
import { Principal } from '../../common/auth/principal';
import { createLogger } from '../../common/logging/logger';
import { CLOSE_CODES, MAX_BUFFERED_BYTES } from './ws-frames';

/** Identity of an authenticated socket: its principal, user, app and device. */
export interface SocketIdentity {
  principal: Principal;
  tokenUuid: string;
  appUuid: string;
  userUuid: string;
  deviceUuid: string;
  /** From the app membership, not from the client's `is_service_user`. */
  isServiceUser: boolean;
  isMobileDevice: boolean;
  /** Whether this socket drives the device's online flag (not for agents' mobile apps, which go online through PPKEFU_LOGIN). */
  drivesPresence: boolean;
  extraData: unknown;
}

/** One WebSocket connection on this node. */
export class SocketSession {
  identity: SocketIdentity | null = null;
  watching: string | null = null;
  closed = false;
  authTimer: NodeJS.Timeout | null = null;
  /** Frames of one socket are handled one after another, so its sends keep their order. */
  queue: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
  ) {}
}

/**
 * The sockets of this node, indexed by device, app and watched conversation. Only this node's
 * sockets are here; other nodes hear about events through the cluster bus.
 */
@Injectable()
export class SocketRegistry {
  private readonly logger = createLogger(SocketRegistry.name);
  readonly sessions = new Set<SocketSession>();
  private readonly byDevice = new Map<string, Set<SocketSession>>();
  private readonly byApp = new Map<string, Set<SocketSession>>();
  /** Service users' sockets by app: a visitor's presence goes to these only. */
  private readonly serviceUsersByApp = new Map<string, Set<SocketSession>>();
  private readonly watchers = new Map<string, Set<SocketSession>>();

  add(session: SocketSession): void {
    this.sessions.add(session);
  }

  /** Indexes a socket that has just authenticated. */
  attach(session: SocketSession, identity: SocketIdentity): void {
    this.detach(session);
    session.identity = identity;
    addTo(this.byDevice, identity.deviceUuid, session);
    addTo(this.byApp, identity.appUuid, session);
    if (identity.isServiceUser) {
      addTo(this.serviceUsersByApp, identity.appUuid, session);
    }
  }

  /** Forgets the socket's identity and watch; returns the identity it had. */
  detach(session: SocketSession): SocketIdentity | null {
    const identity = session.identity;
    this.unwatch(session);
    if (identity) {
      removeFrom(this.byDevice, identity.deviceUuid, session);
      removeFrom(this.byApp, identity.appUuid, session);
      removeFrom(this.serviceUsersByApp, identity.appUuid, session);
    }
    session.identity = null;
    return identity;
  }

  remove(session: SocketSession): SocketIdentity | null {
    this.sessions.delete(session);
    return this.detach(session);
  }

  watch(session: SocketSession, conversationUuid: string): void {
    this.unwatch(session);
    session.watching = conversationUuid;
    addTo(this.watchers, conversationUuid, session);
  }

  unwatch(session: SocketSession): void {
    if (session.watching) {
      removeFrom(this.watchers, session.watching, session);
      session.watching = null;
    }
  }

  ofDevice(deviceUuid: string): SocketSession[] {
    return [...(this.byDevice.get(deviceUuid) ?? [])];
  }

  /** Returns whether any authenticated socket of the app is connected here. */
  hasApp(appUuid: string): boolean {
    return (this.byApp.get(appUuid)?.size ?? 0) > 0;
  }

  ofApp(appUuid: string): SocketSession[] {
    return [...(this.byApp.get(appUuid) ?? [])];
  }

  /** Returns the sockets of the app's service users (agents and admins). */
  serviceUsersOfApp(appUuid: string): SocketSession[] {
    return [...(this.serviceUsersByApp.get(appUuid) ?? [])];
  }

  watchersOf(conversationUuid: string): SocketSession[] {
    return [...(this.watchers.get(conversationUuid) ?? [])];
  }

  /** Devices whose online flag this node keeps fresh. */
  presenceDevices(): string[] {
    const devices = new Set<string>();
    for (const session of this.sessions) {
      if (session.identity?.drivesPresence) {
        devices.add(session.identity.deviceUuid);
      }
    }
    return [...devices];
  }

  /**
   * Sends one frame. A client that does not read its socket makes unsent data pile up here, so
   * past the limit the socket is closed and the client catches up with GET_UNACKED_MESSAGES.
   */
  send(session: SocketSession, frame: unknown): void {
    if (session.closed || session.ws.readyState !== WebSocket.OPEN) {
      return;
    }
    if (session.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.logger.warn(
        { session_id: session.id, device_uuid: session.identity?.deviceUuid, buffered_bytes: session.ws.bufferedAmount },
        'closing a socket that does not read its frames',
      );
      session.closed = true;
      session.ws.close(CLOSE_CODES.tryAgainLater, 'send buffer full');
      return;
    }
    session.ws.send(JSON.stringify(frame));
  }
}

function addTo(index: Map<string, Set<SocketSession>>, key: string, session: SocketSession): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(session);
}

function removeFrom(index: Map<string, Set<SocketSession>>, key: string, session: SocketSession): void {
  const set = index.get(key);
  if (set) {
    set.delete(session);
    if (set.size === 0) {
      index.delete(key);
    }
  }
}
