import { WebSocket } from 'ws';

export type Frame = Record<string, any>;

/**
 * A WebSocket client for tests: keeps every frame it receives and lets a test wait for the
 * first one matching a predicate, with a deadline instead of a fixed sleep.
 */
export class WsClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.listeners.forEach((listener) => listener());
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('error', () => undefined);
  }

  static async connect(baseUrl: string, path = '/pcsocket/WS'): Promise<WsClient> {
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + path);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new WsClient(ws);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first received frame (earlier ones included) that matches; fails after `timeoutMs`. */
  async waitFor(predicate: (frame: Frame) => boolean, timeoutMs = 5000, label = 'frame'): Promise<Frame> {
    const found = this.frames.find(predicate);
    if (found) {
      return found;
    }
    return new Promise<Frame>((resolve, reject) => {
      const listener = () => {
        const match = this.frames.find(predicate);
        if (match) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve(match);
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no ${label} within ${timeoutMs} ms; received: ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  ack(what: string): Promise<Frame> {
    return this.waitFor((frame) => frame.type === 'ACK' && frame.what === what, 5000, `ACK ${what}`);
  }

  /** The MSG frames received so far for a message id. */
  messages(messageUuid: string): Frame[] {
    return this.frames.filter((frame) => frame.type === 'MSG' && frame.msg?.id === messageUuid);
  }

  waitForMessage(messageUuid: string, timeoutMs = 5000): Promise<Frame> {
    return this.waitFor((frame) => frame.type === 'MSG' && frame.msg?.id === messageUuid, timeoutMs, `MSG ${messageUuid}`);
  }

  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) {
      this.ws.close();
    }
    await this.closed;
  }
}
