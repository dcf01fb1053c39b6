import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { agent, settle, signIn, website } from '../../../testing/factories';
import { FakeRealtime } from '../../../testing/fake-realtime';
import { Session } from '../auth/session';
import { Realtime } from '../realtime/realtime';
import { MembershipChanges } from './membership-changes';
import { WebsitesStore } from './websites-store';

describe('MembershipChanges', () => {
  let realtime: FakeRealtime;
  let websites: WebsitesStore;
  let changes: MembershipChanges;
  let router: Router;

  beforeEach(async () => {
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
    websites = TestBed.inject(WebsitesStore);
    const loaded = websites.ensureLoaded();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/v1/websites')
      .flush({
        items: [
          website('w-1', { name: 'Acme', role: 'agent' }),
          website('w-2', { name: 'Other', role: 'owner' }),
        ],
        nextCursor: null,
      });
    await loaded;
    router = TestBed.inject(Router);
    changes = TestBed.inject(MembershipChanges);
  });

  it('drops a website the agent was removed from and leaves its pages when on screen', async () => {
    websites.select('w-1');
    const navigate = vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    realtime.membershipRemoved.next({ websiteId: 'w-1' });
    await settle();
    expect(websites.websites().map((w) => w.id)).toEqual(['w-2']);
    expect(websites.selectedId()).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/');
    expect(changes.notice()).toContain('You are no longer a member of Acme.');
    changes.dismiss();
    expect(changes.notice()).toBe('');
  });

  it('stays where it is when the website removed is not the one on screen', async () => {
    websites.select('w-2');
    const navigate = vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    realtime.membershipRemoved.next({ websiteId: 'w-1' });
    await settle();
    expect(websites.websites().map((w) => w.id)).toEqual(['w-2']);
    expect(websites.selectedId()).toBe('w-2');
    expect(navigate).not.toHaveBeenCalled();
    expect(changes.notice()).toContain('Acme');
  });

  it('ignores a removal from a website it no longer lists (left through the members page)', async () => {
    websites.forget('w-1');
    realtime.membershipRemoved.next({ websiteId: 'w-1' });
    await settle();
    expect(changes.notice()).toBe('');
  });

  it('applies a new role at once and says so', () => {
    realtime.membershipUpdated.next({ websiteId: 'w-1', role: 'admin' });
    expect(websites.websites().find((w) => w.id === 'w-1')?.role).toBe('admin');
    expect(changes.notice()).toBe('Your role on Acme is now admin.');
  });
});
