import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { button } from '../../testing/dom';
import { agent, conversation, settle, signIn } from '../../testing/factories';
import { FakeRealtime } from '../../testing/fake-realtime';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { InboxPage } from './inbox-page';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class OpenConversation {}

const LIST_URL = '/api/v1/websites/w-1/conversations';

describe('InboxPage', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            {
              path: 'w/:websiteId/inbox',
              component: InboxPage,
              children: [{ path: ':conversationId', component: OpenConversation }],
            },
          ],
          withComponentInputBinding(),
        ),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Realtime, useValue: new FakeRealtime() },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    signIn(TestBed.inject(Session), agent('ada'));
  });

  afterEach(() => backend.verify());

  it('keeps the view in the URL and the open conversation open when switching views', async () => {
    const harness = await RouterTestingHarness.create('/w/w-1/inbox/c-1?assignee=none');
    const first = backend.expectOne((r) => r.url === LIST_URL);
    expect(first.request.params.get('assignee')).toBe('none');
    first.flush({ items: [conversation('c-1')], nextCursor: null });
    await settle();
    await harness.fixture.whenStable();
    const root = harness.routeNativeElement!;
    expect(button(root, 'Unassigned').getAttribute('aria-pressed')).toBe('true');

    button(root, 'Mine').click();
    await settle();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/w/w-1/inbox/c-1?assignee=me');
    const mine = backend.expectOne((r) => r.url === LIST_URL);
    expect(mine.request.params.get('assignee')).toBe('me');
    mine.flush({ items: [], nextCursor: null });
    await settle();
    await harness.fixture.whenStable();
    expect(root.textContent).toContain('No open conversations assigned to you.');
    backend.expectOne('/api/v1/demo/status').flush({ enabled: true, url: '/demo' });
    await settle();
    await harness.fixture.whenStable();
    const demo = [...root.querySelectorAll('a')].find(
      (a) => a.textContent === 'open the demo page',
    );
    expect(demo?.getAttribute('href')).toBe('/demo');

    button(root, 'All').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/w/w-1/inbox/c-1');
    expect(backend.expectOne((r) => r.url === LIST_URL).request.params.has('assignee')).toBe(false);
  });
});
