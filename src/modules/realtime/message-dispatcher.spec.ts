import { DataSource } from 'typeorm';
import { MessageDispatcher } from './message-dispatcher';
import { MessagePushEvent } from './realtime-events';
import { SocketRegistry, SocketSession } from './socket-registry';

/** Builds a registry with one socket of device `device-1` in app `app` that records what is sent to it. */
function fakeRegistry(sent: unknown[]): SocketRegistry {
  const session = { identity: { appUuid: 'app', deviceUuid: 'device-1' } } as unknown as SocketSession;
  return {
    hasApp: (appUuid: string) => appUuid === 'app',
    ofDevice: (deviceUuid: string) => (deviceUuid === 'device-1' ? [session] : []),
    send: (_session: SocketSession, frame: unknown) => sent.push(frame),
  } as unknown as SocketRegistry;
}

/** Builds a data source whose sender query returns the current `name`, or fails while `failing` is set. */
function fakeDataSource(state: { name: string; failing: boolean; queries: number }): DataSource {
  return {
    query: async () => {
      state.queries++;
      if (state.failing) {
        throw new Error('connection lost');
      }
      return [{ uuid: 'sender', user_icon: null, user_email: null, user_fullname: state.name, updatetime: new Date(0) }];
    },
  } as unknown as DataSource;
}

const message = (id: string): MessagePushEvent => ({ kind: 'message', appUuid: 'app', messageUuid: id, fromUuid: 'sender', compactBody: { id, ci: 'conversation' } });
const deliveries = [{ uuid: 'pid', device_uuid: 'device-1' }];
const names = (sent: unknown[]) => sent.map((frame) => (frame as { msg: { from_user: { user_fullname: string } } }).msg.from_user.user_fullname);
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Creates a dispatcher whose card query and sockets are fakes, with fake timers for the card's age. */
function start() {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
  const sent: unknown[] = [];
  const state = { name: 'Old Name', failing: false, queries: 0 };
  const dispatcher = new MessageDispatcher(fakeDataSource(state), fakeRegistry(sent));
  return { sent, state, dispatcher };
}

describe('MessageDispatcher sender cards', () => {
  afterEach(() => jest.useRealTimers());

  it('pushes with a stale card while it refreshes', async () => {
    const { sent, state, dispatcher } = start();

    await dispatcher.dispatchKnown(message('m1'), deliveries);
    state.name = 'New Name';
    await dispatcher.dispatchKnown(message('m2'), deliveries);
    expect(state.queries).toBe(1);

    jest.advanceTimersByTime(10_001);
    await dispatcher.dispatchKnown(message('m3'), deliveries);
    await settle();
    await dispatcher.dispatchKnown(message('m4'), deliveries);

    expect(names(sent)).toEqual(['Old Name', 'Old Name', 'Old Name', 'New Name']);
    expect(state.queries).toBe(2);
  });

  it('keeps the old card when a refresh fails', async () => {
    const { sent, state, dispatcher } = start();
    await dispatcher.dispatchKnown(message('m1'), deliveries);

    jest.advanceTimersByTime(10_001);
    state.failing = true;
    await dispatcher.dispatchKnown(message('m2'), deliveries);
    await settle();
    state.failing = false;
    state.name = 'New Name';
    await dispatcher.dispatchKnown(message('m3'), deliveries);
    await settle();
    await dispatcher.dispatchKnown(message('m4'), deliveries);

    expect(names(sent)).toEqual(['Old Name', 'Old Name', 'Old Name', 'New Name']);
    expect(state.queries).toBe(3);
  });
});
