import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { button, field, text, type } from '../../testing/dom';
import { agent, conversation, settle, signIn } from '../../testing/factories';
import { FakeRealtime } from '../../testing/fake-realtime';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { MessageStore } from '../conversation/message-store';
import { InboxPage } from './inbox-page';
import { InboxStore } from './inbox-store';

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

  afterEach(() => {
    // An empty, unfiltered inbox asks whether the demo page is on; only one test is about that.
    backend.match('/api/v1/demo/status').forEach((r) => r.flush({ enabled: false, url: '/demo' }));
    backend.verify();
  });

  it('keeps the view in the URL and the open conversation open when switching views', async () => {
    const harness = await RouterTestingHarness.create('/w/w-1/inbox/c-1?assignee=none');
    const first = backend.expectOne((r) => r.url === LIST_URL);
    expect(first.request.params.get('assignee')).toBe('none');
    first.flush({ items: [conversation('c-1')], nextCursor: null });
    backend.expectOne('/api/v1/websites/w-1/tags').flush({ items: [] });
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

  const TAGS_URL = '/api/v1/websites/w-1/tags';
  const SEARCH_URL = '/api/v1/websites/w-1/search';
  const BOB = '00000000-0000-4000-8000-00000000b0b0';

  async function stable(harness: RouterTestingHarness): Promise<void> {
    await settle();
    await harness.fixture.whenStable();
  }

  it('j past the last loaded conversation loads the next page and opens its first', async () => {
    const harness = await RouterTestingHarness.create('/w/w-1/inbox/c-2');
    backend
      .expectOne((r) => r.url === LIST_URL)
      .flush({ items: [conversation('c-1'), conversation('c-2')], nextCursor: 'p-2' });
    backend.expectOne('/api/v1/websites/w-1/tags').flush({ items: [] });
    await settle();
    await harness.fixture.whenStable();
    // The thread's view marks the open conversation; the stub in its place does not.
    TestBed.inject(InboxStore).activeId.set('c-2');
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    const more = backend.expectOne((r) => r.url === LIST_URL);
    expect(more.request.params.get('cursor')).toBe('p-2');
    more.flush({ items: [conversation('c-3')], nextCursor: null });
    await settle();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/w/w-1/inbox/c-3');
    TestBed.inject(InboxStore).activeId.set('c-3');
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    await settle();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/w/w-1/inbox/c-3');
    expect(harness.routeNativeElement!.textContent).toContain('That was the last conversation.');
  });

  it('reads every filter from the URL and writes changes back to it', async () => {
    const harness = await RouterTestingHarness.create(
      `/w/w-1/inbox?status=closed&assignee=${BOB}&tag=vip&tag=billing`,
    );
    const list = backend.expectOne((r) => r.url === LIST_URL);
    expect(list.request.params.get('status')).toBe('closed');
    expect(list.request.params.get('assignee')).toBe(BOB);
    expect(list.request.params.getAll('tag')).toEqual(['billing', 'vip']);
    list.flush({ items: [], nextCursor: null });
    backend.expectOne(TAGS_URL).flush({
      items: [
        { id: 't-1', name: 'billing', color: null, conversations: 1 },
        { id: 't-2', name: 'vip', color: null, conversations: 1 },
        { id: 't-3', name: 'urgent', color: null, conversations: 0 },
      ],
    });
    await stable(harness);
    const root = harness.routeNativeElement!;
    expect(button(root, 'Closed').getAttribute('aria-pressed')).toBe('true');
    expect(text(root)).toContain('No conversations match these filters.');
    const urgent = [...root.querySelectorAll('label.check')].find((l) => text(l) === 'urgent')!;
    urgent.querySelector('input')!.click();
    await stable(harness);
    expect(TestBed.inject(Router).url).toBe(
      `/w/w-1/inbox?status=closed&assignee=${BOB}&tag=vip&tag=billing&tag=urgent`,
    );
    const next = backend.expectOne((r) => r.url === LIST_URL);
    expect(next.request.params.getAll('tag')).toEqual(['billing', 'urgent', 'vip']);
    next.flush({ items: [], nextCursor: null });

    button(root, 'Any status').click();
    await stable(harness);
    const any = backend.expectOne((r) => r.url === LIST_URL);
    expect(any.request.params.has('status')).toBe(false);
    any.flush({ items: [], nextCursor: null });
  });

  it('asks for the dates and keeps only the conversations active within them', async () => {
    const harness = await RouterTestingHarness.create('/w/w-1/inbox?from=2026-01-02&to=2026-01-03');
    const list = backend.expectOne((r) => r.url === LIST_URL);
    expect(list.request.params.get('from')).toBe('2026-01-02');
    expect(list.request.params.get('to')).toBe('2026-01-03');
    // A conversation updated live may fall outside them; it is not shown.
    list.flush({
      items: [
        conversation('c-1', { lastMessageAt: '2026-01-01T10:00:00Z' }),
        conversation('c-2', { lastMessageAt: '2026-01-03T23:00:00Z' }),
      ],
      nextCursor: null,
    });
    backend.expectOne(TAGS_URL).flush({ items: [] });
    await stable(harness);
    const root = harness.routeNativeElement!;
    expect(root.querySelectorAll('ul[aria-label="Conversations"] > li')).toHaveLength(1);
    type(field(root, 'From'), '2026-01-05');
    field(root, 'From').dispatchEvent(new Event('change'));
    await stable(harness);
    const again = backend.expectOne((r) => r.url === LIST_URL);
    expect(again.request.params.get('from')).toBe('2026-01-05');
    again.flush({ items: [], nextCursor: null });
    await stable(harness);
    expect(text(root)).toContain('The “from” date is after the “to” date.');
  });

  it('searches after a pause in typing, marks the matches and reveals the message clicked', async () => {
    const harness = await RouterTestingHarness.create('/w/w-1/inbox');
    backend.expectOne((r) => r.url === LIST_URL).flush({ items: [], nextCursor: null });
    backend.expectOne(TAGS_URL).flush({ items: [] });
    await stable(harness);
    const root = harness.routeNativeElement!;

    type(field(root, 'Search conversations'), 'ref');
    type(field(root, 'Search conversations'), 'refund');
    backend.expectNone((r) => r.url === SEARCH_URL);
    await new Promise((resolve) => setTimeout(resolve, 350));
    await stable(harness);
    expect(TestBed.inject(Router).url).toBe('/w/w-1/inbox?q=refund');
    const search = backend.expectOne((r) => r.url === SEARCH_URL);
    expect(search.request.params.get('q')).toBe('refund');
    expect(search.request.params.get('status')).toBe('open');
    search.flush({
      items: [
        {
          conversation: conversation('c-9'),
          visitor: { id: 'v-9', name: 'Ada', email: 'ada@example.com' },
          hits: [
            {
              messageId: 'm-3',
              seq: 3,
              snippet: 'my <b>refund</b> is late',
              highlights: [[6, 12]],
            },
          ],
        },
      ],
      nextCursor: null,
    });
    await stable(harness);
    const marks = [...root.querySelectorAll('mark')].map(text);
    expect(marks).toEqual(['refund']);
    // The snippet is text: its angle brackets are shown, never parsed.
    expect(root.querySelector('ul[aria-label="Search results"] b')).toBeNull();
    expect(text(root)).toContain('my <b>refund</b> is late');

    button(root, 'my <b>refund</b> is late').click();
    await stable(harness);
    expect(TestBed.inject(Router).url).toBe('/w/w-1/inbox/c-9?q=refund');
    expect(TestBed.inject(MessageStore).thread('c-9').revealSeq()).toBe(3);
  });

  it('says when nothing matches and offers to clear the filters', async () => {
    const harness = await RouterTestingHarness.create('/w/w-1/inbox?q=nothing');
    backend.expectOne((r) => r.url === LIST_URL).flush({ items: [], nextCursor: null });
    backend.expectOne(TAGS_URL).flush({ items: [] });
    backend.expectOne((r) => r.url === SEARCH_URL).flush({ items: [], nextCursor: null });
    await stable(harness);
    const root = harness.routeNativeElement!;
    expect(field(root, 'Search conversations').value).toBe('nothing');
    expect(text(root)).toContain('No conversations match this search.');
    button(root, 'Clear filters').click();
    await stable(harness);
    expect(TestBed.inject(Router).url).toBe('/w/w-1/inbox');
  });
});
