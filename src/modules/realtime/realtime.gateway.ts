import { randomUUID } from 'node:crypto';
import { IncomingMessage, Server } from 'node:http';
import { Duplex } from 'node:stream';
import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import { mayActAs } from '../../common/auth/acting-as';
import { ApiLevel } from '../../common/auth/api-level';
import { createLogger } from '../../common/logging/logger';
import { ApiError } from '../../common/protocol/api-error';
import { ApiErrorCode } from '../../common/protocol/api-error-code';
import { UUID_PATTERN } from '../../common/validation/protocol-validators';
import { ProtocolValidationPipe } from '../../common/validation/protocol-validation.pipe';
import { TokenService } from '../auth/token.service';
import { SendMessageCommand } from '../message/commands/send-message.command';
import { SendMessageDto } from '../message/dto/send-message.dto';
import { isMobile, PresenceService } from './presence.service';
import { servesHttp } from './serves-http';
import { RealtimeFanout } from './realtime-fanout';
import { DeviceLoggedOutEvent, DeviceTakenOverEvent } from './realtime-events';
import { SocketIdentity, SocketRegistry, SocketSession } from './socket-registry';
import { AckWhat, ackFrame, CLOSE_CODES, DisCode, logoutFrame, MAX_FRAME_BYTES } from './ws-frames';

export const WS_PATH = '/pcsocket/WS';
/** A socket that has not authenticated by then is closed. */
export const AUTH_TIMEOUT_MS = 10_000;
/** Authenticated sockets' tokens are checked this often; an expired or revoked one ends the socket. */
export const TOKEN_CHECK_INTERVAL_MS = 30_000;
/** At most one TYPING per user and conversation in this window. */
const TYPING_THROTTLE_MS = 1_000;
/** `extra_data` limit (4 KiB), measured as JSON. */
const MAX_EXTRA_DATA_BYTES = 4 * 1024;
const SOCKET_LEVELS = new Set<ApiLevel>([ApiLevel.PPCOM, ApiLevel.PPKEFU, ApiLevel.THIRD_PARTY_KEFU]);

type Frame = Record<string, unknown>;

/** Thrown inside a frame handler to send an ACK and stop handling the frame. */
class FrameRejected extends Error {
  constructor(
    readonly what: AckWhat,
    readonly code: DisCode,
    readonly detail: string,
    readonly extra: unknown = null,
  ) {
    super(detail);
  }
}

/**
 * The WebSocket endpoint `/pcsocket/WS` on the API's port.
 *
 * It is a plain `ws` server attached to Fastify's http.Server (`noServer`, our own `upgrade`
 * handler) rather than @nestjs/platform-ws. The protocol's frames are not Nest's `{event, data}`
 * messages, the path must be exact, and the 256 KiB frame limit must close with 1009
 * (`maxPayload`). The socket's life (auth deadline, forced logout, token re-checks, slow
 * readers) is ours to run, so a Nest gateway would add a layer without doing any of that.
 */
@Injectable()
export class RealtimeGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger(RealtimeGateway.name);
  private readonly validation = new ProtocolValidationPipe();
  private readonly lastTyping = new Map<string, number>();
  private wss: WebSocketServer | null = null;
  private httpServer: Server | null = null;
  private tokenTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SocketRegistry,
    private readonly fanout: RealtimeFanout,
    private readonly presence: PresenceService,
    private readonly tokens: TokenService,
    private readonly commandBus: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    if (!servesHttp(this.adapterHost)) {
      return;
    }
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
    this.httpServer.on('upgrade', this.onUpgrade);
    this.fanout.onTakeover((event) => this.forceOut(event));
    this.fanout.onLogout((event) => this.endDevice(event));
    this.tokenTimer = setInterval(() => {
      this.checkTokens().catch((error: unknown) => this.logger.error({ err: error }, 'token re-check failed'));
    }, TOKEN_CHECK_INTERVAL_MS);
    this.tokenTimer.unref();
  }

  /** Closes every socket (1001) before the HTTP server stops, which waits for them. */
  async onModuleDestroy(): Promise<void> {
    if (this.tokenTimer) {
      clearInterval(this.tokenTimer);
    }
    this.httpServer?.off('upgrade', this.onUpgrade);
    const sessions = [...this.registry.sessions];
    const closed = sessions.map((session) => new Promise<void>((resolve) => (session.ws.readyState === WebSocket.CLOSED ? resolve() : session.ws.once('close', () => resolve()))));
    for (const session of sessions) {
      session.ws.close(CLOSE_CODES.goingAway, 'server shutting down');
    }
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([Promise.all(closed), deadline]);
    for (const session of sessions) {
      session.ws.terminate();
    }
    this.wss?.close();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss!.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws));
  };

  private onConnection(ws: WebSocket): void {
    const session = new SocketSession(randomUUID(), ws);
    this.registry.add(session);
    this.startAuthDeadline(session);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      session.queue = session.queue
        .then(() => this.onFrame(session, data, isBinary))
        .catch((error: unknown) => this.logger.error({ err: error, session_id: session.id }, 'frame handling failed'));
    });
    ws.on('close', (code: number) => {
      session.queue = session.queue.then(() => this.onClose(session, code));
    });
    ws.on('error', (error: Error) => this.logger.info({ session_id: session.id, err: error.message }, 'socket error'));
  }

  private startAuthDeadline(session: SocketSession): void {
    if (session.authTimer) {
      clearTimeout(session.authTimer);
    }
    session.authTimer = setTimeout(() => {
      if (!session.identity) {
        this.logger.info({ session_id: session.id }, 'closing a socket that did not authenticate in time');
        session.ws.close(CLOSE_CODES.policy, 'not authenticated');
      }
    }, AUTH_TIMEOUT_MS);
    session.authTimer.unref();
  }

  private async onClose(session: SocketSession, code: number): Promise<void> {
    session.closed = true;
    if (session.authTimer) {
      clearTimeout(session.authTimer);
    }
    const identity = this.registry.remove(session);
    this.logger.info({ session_id: session.id, code, device_uuid: identity?.deviceUuid ?? null }, 'socket closed');
    if (identity?.drivesPresence && this.registry.ofDevice(identity.deviceUuid).length === 0) {
      await this.presence.markOffline(identity).catch((error: unknown) => this.logger.error({ err: error, device_uuid: identity.deviceUuid }, 'marking the device offline failed'));
    }
  }

  private async onFrame(session: SocketSession, data: RawData, isBinary: boolean): Promise<void> {
    if (session.closed) {
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString());
    } catch {
      this.registry.send(session, ackFrame('WS', DisCode.JSON));
      return;
    }
    const type = isObject(frame) && typeof frame.type === 'string' ? frame.type.toUpperCase() : null;
    try {
      switch (type) {
        case 'AUTH':
          return await this.auth(session, frame as Frame);
        case 'SEND':
          return await this.send(session, this.requireIdentity(session, 'SEND'), frame as Frame);
        case 'TYPING_WATCH':
          return await this.typingWatch(session, this.requireIdentity(session, 'TYPING_WATCH'), frame as Frame);
        case 'TYPING_UNWATCH':
          this.requireIdentity(session, 'WS');
          this.registry.unwatch(session);
          return;
        case 'TYPING':
          return this.typing(session, this.requireIdentity(session, 'WS'));
        default:
          this.registry.send(session, ackFrame('WS', DisCode.TYPE));
      }
    } catch (error) {
      if (!(error instanceof FrameRejected)) {
        throw error;
      }
      this.logger.info({ session_id: session.id, what: error.what, code: error.code, detail: error.detail }, 'frame rejected');
      this.registry.send(session, ackFrame(error.what, error.code, error.extra));
    }
  }

  private requireIdentity(session: SocketSession, what: AckWhat): SocketIdentity {
    if (!session.identity) {
      throw new FrameRejected(what, DisCode.NOTOKEN, 'frame before auth');
    }
    return session.identity;
  }

  private async auth(session: SocketSession, frame: Frame): Promise<void> {
    let identity: SocketIdentity;
    try {
      identity = await this.checkAuth(frame);
    } catch (error) {
      if (error instanceof FrameRejected) {
        this.logger.info({ session_id: session.id, code: error.code, detail: error.detail }, 'socket auth failed');
        this.registry.send(session, ackFrame('AUTH', error.code));
        session.closed = true;
        session.ws.close(CLOSE_CODES.policy, 'auth failed');
        return;
      }
      throw error;
    }
    if (session.authTimer) {
      clearTimeout(session.authTimer);
      session.authTimer = null;
    }
    this.registry.attach(session, identity);
    this.fanout.publishQuietly({ kind: 'takeover', deviceUuid: identity.deviceUuid, sessionId: session.id });
    // Marks the device online before the ACK, so a client that reads presence next finds itself online.
    if (identity.drivesPresence) {
      await this.presence.markOnline(identity);
    }
    this.registry.send(session, ackFrame('AUTH', DisCode.NOERR));
    this.logger.info({ session_id: session.id, app_uuid: identity.appUuid, user_uuid: identity.userUuid, device_uuid: identity.deviceUuid }, 'socket authenticated');
  }

  /** Runs the original server's checks in its order (token, level, uuids, service flag, extra data), then ours: app, acting-as and device ownership. */
  private async checkAuth(frame: Frame): Promise<SocketIdentity> {
    const token = frame.api_token;
    if (typeof token !== 'string' || token === '') {
      throw new FrameRejected('AUTH', DisCode.NOTOKEN, 'no api_token');
    }
    const principal = await this.tokens.authenticate(token);
    if (!principal) {
      throw new FrameRejected('AUTH', DisCode.NOTOKEN, 'unknown, expired or revoked token');
    }
    if (!SOCKET_LEVELS.has(principal.level)) {
      throw new FrameRejected('AUTH', DisCode.WRLEVEL, `token level ${principal.level}`);
    }
    const { app_uuid: appUuid, user_uuid: userUuid, device_uuid: deviceUuid } = frame;
    if (!present(appUuid) || !present(userUuid) || !present(deviceUuid)) {
      throw new FrameRejected('AUTH', DisCode.NOUUIDS, 'missing uuids');
    }
    if (typeof frame.is_service_user !== 'boolean') {
      throw new FrameRejected('AUTH', DisCode.NOSERVICE, 'is_service_user missing or not a boolean');
    }
    if (frame.is_service_user === false && !isObject(frame.extra_data)) {
      throw new FrameRejected('AUTH', DisCode.NOEXTRA, 'visitor without extra_data');
    }
    if (!isUuid(appUuid) || !isUuid(userUuid) || !isUuid(deviceUuid)) {
      throw new FrameRejected('AUTH', DisCode.PARAM, 'malformed uuid');
    }
    const extraData = frame.extra_data ?? null;
    if (Buffer.byteLength(JSON.stringify(extraData)) > MAX_EXTRA_DATA_BYTES) {
      throw new FrameRejected('AUTH', DisCode.PARAM, 'extra_data over 4 KiB');
    }
    if (appUuid !== principal.appUuid || !mayActAs(principal, userUuid)) {
      throw new FrameRejected('AUTH', DisCode.PARAM, `token ${principal.tokenUuid} may not act as ${userUuid} in app ${appUuid}`);
    }
    const rows: { device_ostype: string; is_ppcom_device: boolean; is_service_user: boolean | null }[] = await this.dataSource.query(
      `SELECT d.device_ostype, d.is_ppcom_device, m.is_service_user
         FROM devices d JOIN app_users m ON m.app_uuid = d.app_uuid AND m.user_uuid = d.user_uuid
        WHERE d.uuid = $1 AND d.app_uuid = $2 AND d.user_uuid = $3`,
      [deviceUuid, appUuid, userUuid],
    );
    if (rows.length === 0) {
      throw new FrameRejected('AUTH', DisCode.PARAM, `device ${deviceUuid} is not a device of user ${userUuid} in app ${appUuid}`);
    }
    const isServiceUser = Boolean(rows[0].is_service_user);
    const isMobileDevice = !rows[0].is_ppcom_device && isMobile(rows[0].device_ostype);
    return {
      principal,
      tokenUuid: principal.tokenUuid,
      appUuid,
      userUuid,
      deviceUuid,
      isServiceUser,
      isMobileDevice,
      drivesPresence: !isServiceUser || !isMobileDevice,
      extraData,
    };
  }

  /**
   * Older sockets of a device that authenticated again get SYS/LOGOUT and lose their identity
   * (no more pushes); as in the original the client closes them. One that neither closes nor
   * authenticates again is closed after the auth deadline.
   */
  private forceOut(event: DeviceTakenOverEvent): void {
    for (const session of this.registry.ofDevice(event.deviceUuid)) {
      if (session.id === event.sessionId) {
        continue;
      }
      this.registry.send(session, logoutFrame(event.deviceUuid));
      this.registry.detach(session);
      this.startAuthDeadline(session);
      this.logger.info({ session_id: session.id, device_uuid: event.deviceUuid }, 'forced out an older socket of the device');
    }
  }

  /** Closes every socket of a device whose agent logged out (PPKEFU_LOGOUT). */
  private endDevice(event: DeviceLoggedOutEvent): void {
    for (const session of this.registry.ofDevice(event.deviceUuid)) {
      session.closed = true;
      session.ws.close(CLOSE_CODES.normal, 'logged out');
      this.logger.info({ session_id: session.id, device_uuid: event.deviceUuid }, 'closed a socket of a logged-out device');
    }
  }

  private async send(session: SocketSession, identity: SocketIdentity, frame: Frame): Promise<void> {
    const body = frame.send;
    if (!isObject(body)) {
      throw new FrameRejected('SEND', DisCode.PARAM, 'send frame without a message object');
    }
    const extra = { uuid: body.uuid ?? null, conversation_uuid: body.conversation_uuid ?? null };
    const message: Frame = { ...body };
    message.app_uuid ??= identity.appUuid;
    if (message.device_uuid === undefined && message.from_uuid === identity.userUuid) {
      message.device_uuid = identity.deviceUuid;
    }
    if (message.app_uuid !== identity.appUuid) {
      throw new FrameRejected('SEND', DisCode.PARAM, 'app_uuid of another app', extra);
    }
    try {
      const dto = (await this.validation.transform(message, { type: 'body', metatype: SendMessageDto })) as SendMessageDto;
      const sent = await this.commandBus.execute(new SendMessageCommand(dto, identity.principal));
      this.registry.send(session, ackFrame('SEND', DisCode.NOERR, { uuid: sent.uuid, conversation_uuid: dto.conversation_uuid }));
    } catch (error) {
      if (error instanceof ApiError) {
        const code = error.code === ApiErrorCode.MESSAGE ? DisCode.MESSAGE : DisCode.PARAM;
        throw new FrameRejected('SEND', code, error.message, extra);
      }
      this.logger.error({ err: error, session_id: session.id }, 'send over the socket failed');
      throw new FrameRejected('SEND', DisCode.PARAM, 'unexpected failure', extra);
    }
  }

  private async typingWatch(session: SocketSession, identity: SocketIdentity, frame: Frame): Promise<void> {
    const conversationUuid = frame.conversation_uuid;
    if (!isUuid(conversationUuid)) {
      throw new FrameRejected('TYPING_WATCH', DisCode.PARAM, 'conversation_uuid missing or malformed');
    }
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM conversation_members m JOIN conversations c ON c.uuid = m.conversation_uuid
        WHERE m.conversation_uuid = $1 AND m.user_uuid = $2 AND c.app_uuid = $3`,
      [conversationUuid, identity.userUuid, identity.appUuid],
    );
    if (rows.length === 0) {
      this.registry.unwatch(session);
      throw new FrameRejected('TYPING_WATCH', DisCode.PARAM, `user ${identity.userUuid} is not a member of ${conversationUuid}`);
    }
    this.registry.watch(session, conversationUuid);
    this.registry.send(session, ackFrame('TYPING_WATCH', DisCode.NOERR));
  }

  private typing(session: SocketSession, identity: SocketIdentity): void {
    const conversationUuid = session.watching;
    if (!conversationUuid) {
      return;
    }
    const key = `${identity.userUuid}:${conversationUuid}`;
    const now = Date.now();
    if (now - (this.lastTyping.get(key) ?? 0) < TYPING_THROTTLE_MS) {
      return;
    }
    this.lastTyping.set(key, now);
    if (this.lastTyping.size > 10_000) {
      for (const [staleKey, at] of this.lastTyping) {
        if (now - at >= TYPING_THROTTLE_MS) {
          this.lastTyping.delete(staleKey);
        }
      }
    }
    this.fanout.publishQuietly({ kind: 'typing', appUuid: identity.appUuid, conversationUuid, userUuid: identity.userUuid });
  }

  /** Ends sockets whose token has expired or was revoked since they authenticated. */
  async checkTokens(): Promise<number> {
    const sessions = [...this.registry.sessions].filter((session) => session.identity);
    if (sessions.length === 0) {
      return 0;
    }
    const tokenUuids = [...new Set(sessions.map((session) => session.identity!.tokenUuid))];
    const live: { uuid: string }[] = await this.dataSource.query(
      `SELECT uuid FROM api_tokens WHERE uuid = ANY($1::uuid[]) AND revoked_at IS NULL AND expires_at > now()`,
      [tokenUuids],
    );
    const liveSet = new Set(live.map((row) => row.uuid));
    let closed = 0;
    for (const session of sessions) {
      if (session.identity && !liveSet.has(session.identity.tokenUuid)) {
        this.logger.info({ session_id: session.id, token_uuid: session.identity.tokenUuid }, 'closing a socket whose token expired or was revoked');
        session.ws.close(CLOSE_CODES.policy, 'token expired or revoked');
        closed++;
      }
    }
    return closed;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

