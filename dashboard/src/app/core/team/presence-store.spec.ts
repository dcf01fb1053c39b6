import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { agent, settle, signIn } from '../../../testing/factories';
import { FakeRealtime } from '../../../testing/fake-realtime';
import { Session } from '../auth/session';
import { Realtime } from '../realtime/realtime';
import { PresenceStore } from './presence-store';

describe('PresenceStore', () => {
  let store: PresenceStore;
  let realtime: FakeRealtime;
  let backend: HttpTestingController;

  beforeEach(() => {
    realtime = new FakeRealtime();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Realtime, useValue: realtime },
      ],
    });
    signIn(TestBed.inject(Session), agent('ada'));
    store = TestBed.inject(PresenceStore);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function load(items: { agentId: string; status: string }[]): Promise<void> {
    const loaded = store.load('w-1');
    backend.expectOne('/api/v1/websites/w-1/presence').flush({ items });
    await loaded;
  }

  it('starts from the chosen status in /me and everyone’s from the website', async () => {
    const mine = store.loadMine();
    backend.expectOne('/api/v1/me').flush({ agent: agent('ada'), websites: [], presence: 'away' });
    await mine;
    await load([
      { agentId: 'ada', status: 'away' },
      { agentId: 'bob', status: 'online' },
    ]);
    expect(store.mine()).toBe('away');
    expect(store.statusOf('bob')).toBe('online');
    expect(store.statusOf('nobody-known')).toBe('offline');
  });

  it('follows presence events', async () => {
    await load([{ agentId: 'bob', status: 'online' }]);
    realtime.presence.next({ agentId: 'bob', status: 'away' });
    realtime.presence.next({ agentId: 'carol', status: 'online' });
    expect(store.statusOf('bob')).toBe('away');
    expect(store.statusOf('carol')).toBe('online');
  });

  it('sends presence:set and shows the status the acknowledgement confirms', async () => {
    realtime.online = true;
    let answer!: (ack: unknown) => void;
    realtime.answer = () => new Promise((resolve) => (answer = resolve));
    const chosen = store.choose('away');
    expect(realtime.sentOf('presence:set')).toEqual([{ status: 'away' }]);
    expect(store.pending()).toBe(true);
    expect(store.mine()).toBeNull();

    answer({ ok: true, status: 'away' });
    await chosen;
    expect(store.mine()).toBe('away');
    expect(store.statusOf('ada')).toBe('away');
    expect(store.pending()).toBe(false);
  });

  it('keeps the old status and says why when the change cannot be sent', async () => {
    await store.choose('away');
    expect(store.mine()).toBeNull();
    expect(store.error()).toContain('Not connected');

    realtime.online = true;
    realtime.answer = () =>
      Promise.resolve({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'Bad status' } });
    await store.choose('away');
    expect(store.error()).toBe('Bad status');
  });

  it('reloads everyone’s status after a reconnect', async () => {
    await load([{ agentId: 'bob', status: 'online' }]);
    realtime.connected.next();
    backend
      .expectOne('/api/v1/websites/w-1/presence')
      .flush({ items: [{ agentId: 'bob', status: 'offline' }] });
    await settle();
    expect(store.statusOf('bob')).toBe('offline');
  });
});
