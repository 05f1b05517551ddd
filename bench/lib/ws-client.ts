import WebSocket from 'ws';

export interface AuthFrame {
  api_token: string;
  app_uuid: string;
  user_uuid: string;
  device_uuid: string;
  is_service_user: boolean;
}

/** Opens a socket to /pcsocket/WS, authenticates, and resolves once ACK AUTH code 0 arrives. */
export function openAuthenticatedSocket(wsUrl: string, auth: AuthFrame, onMessage?: (frame: any) => void, timeoutMs = 30_000): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('socket authentication timed out'));
    }, timeoutMs);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', extra_data: { title: 'bench' }, ...auth })));
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === 'ACK' && frame.what === 'AUTH') {
        clearTimeout(timer);
        if (frame.code === 0) {
          resolve(socket);
        } else {
          socket.terminate();
          reject(new Error(`auth rejected: ${JSON.stringify(frame)}`));
        }
        return;
      }
      onMessage?.(frame);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
