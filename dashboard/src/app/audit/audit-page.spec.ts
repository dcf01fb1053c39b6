import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, field, options, queryButton, text, type } from '../../testing/dom';
import { settle, website } from '../../testing/factories';
import { AuditEvent, Role } from '../core/api/api.models';
import { WebsitesStore } from '../core/websites/websites-store';
import { AuditPage } from './audit-page';
import { detailLines } from './audit-text';

let seq = 0;
function entry(action: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    at: new Date(Date.UTC(2026, 0, 1, 12, 0, seq)).toISOString(),
    actor: { type: 'agent', id: 'ada', name: 'Ada' },
    action,
    target: { type: 'website', id: 'w-1' },
    ip: '203.0.113.7',
    details: {},
    ...overrides,
  };
}

describe('AuditPage', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<AuditPage>;
  const root = () => fixture.nativeElement as HTMLElement;
  const refresh = async () => {
    await settle();
    await fixture.whenStable();
  };
  const rows = () => [...root().querySelectorAll('tbody tr')].map((row) => text(row));

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function render(role: Role = 'owner'): Promise<void> {
    const loaded = TestBed.inject(WebsitesStore).ensureLoaded();
    backend
      .expectOne('/api/v1/websites')
      .flush({ items: [website('w-1', { role })], nextCursor: null });
    await loaded;
    fixture = TestBed.createComponent(AuditPage);
    fixture.componentRef.setInput('websiteId', 'w-1');
    await fixture.whenStable();
  }

  it('lists who did what, with settings changes as old → new, and loads more by cursor', async () => {
    await render();
    const first = backend.expectOne((r) => r.url === '/api/v1/websites/w-1/audit');
    expect(first.request.params.get('cursor')).toBeNull();
    first.flush({
      items: [
        entry('website.updated', {
          details: {
            changes: {
              retentionDays: { old: null, new: 30 },
              requireVerifiedIdentity: { old: false, new: true },
            },
          },
        }),
        entry('member.role_changed', {
          target: { type: 'agent', id: 'bob-0000-id' },
          details: { old: 'agent', new: 'admin' },
        }),
      ],
      nextCursor: 'next-1',
    });
    await refresh();
    expect(rows()[0]).toContain('Ada');
    expect(rows()[0]).toContain('Settings changed');
    expect(rows()[0]).toContain('Retention (days): none → 30');
    expect(rows()[0]).toContain('Require verified identity: no → yes');
    expect(rows()[0]).toContain('203.0.113.7');
    expect(rows()[1]).toContain('Role changed');
    expect(rows()[1]).toContain('agent → admin');

    button(root(), 'Load more').click();
    const more = backend.expectOne((r) => r.url === '/api/v1/websites/w-1/audit');
    expect(more.request.params.get('cursor')).toBe('next-1');
    more.flush({
      items: [entry('retention.purged', { actor: { type: 'system', id: null, name: null } })],
      nextCursor: null,
    });
    await refresh();
    expect(rows()).toHaveLength(3);
    expect(rows()[2]).toContain('Zendo (scheduled)');
    expect(queryButton(root(), 'Load more')).toBeUndefined();
  });

  it('asks the server for one action over the whole log, then for all again', async () => {
    await render();
    backend
      .expectOne((r) => r.url === '/api/v1/websites/w-1/audit')
      .flush({
        items: [entry('invite.sent'), entry('visitor.erased'), entry('invite.sent')],
        nextCursor: 'c-1',
      });
    await refresh();
    const select = field<HTMLSelectElement>(root(), 'Action');
    // Every action is offered, not only those among the entries loaded so far.
    expect(options(select)).toContain('Visitor erased');
    expect(options(select)).toContain('Conversations purged');
    expect(options(select)[0]).toBe('All actions');
    type(select, 'visitor.erased');
    const filtered = backend.expectOne((r) => r.url === '/api/v1/websites/w-1/audit');
    expect(filtered.request.params.get('action')).toBe('visitor.erased');
    expect(filtered.request.params.get('cursor')).toBeNull();
    filtered.flush({ items: [entry('visitor.erased')], nextCursor: 'c-2' });
    await refresh();
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toContain('Visitor erased');
    button(root(), 'Load more').click();
    const older = backend.expectOne((r) => r.url === '/api/v1/websites/w-1/audit');
    expect(older.request.params.get('action')).toBe('visitor.erased');
    expect(older.request.params.get('cursor')).toBe('c-2');
    older.flush({ items: [], nextCursor: null });
    await refresh();
    type(select, '');
    const all = backend.expectOne((r) => r.url === '/api/v1/websites/w-1/audit');
    expect(all.request.params.get('action')).toBeNull();
    all.flush({ items: [entry('invite.sent')], nextCursor: null });
    await refresh();
    expect(rows()).toHaveLength(1);
  });

  it('shows the server’s refusal with a way to try again', async () => {
    await render();
    backend
      .expectOne((r) => r.url === '/api/v1/websites/w-1/audit')
      .flush(
        { error: { code: 'FORBIDDEN', message: 'Only owners and admins read the audit log' } },
        { status: 403, statusText: 'Forbidden' },
      );
    await refresh();
    expect(root().querySelector('[role=alert]')?.textContent).toContain(
      'Only owners and admins read the audit log',
    );
    button(root(), 'Try again').click();
    backend
      .expectOne((r) => r.url === '/api/v1/websites/w-1/audit')
      .flush({ items: [], nextCursor: null });
    await refresh();
    expect(text(root())).toContain('Nothing recorded yet.');
  });

  it('asks nothing for an agent', async () => {
    await render('agent');
    backend.expectNone((r) => r.url === '/api/v1/websites/w-1/audit');
    expect(text(root())).toContain('Only owners and admins can read the audit log.');
  });

  it('words details of other entries as label: value', () => {
    expect(detailLines(entry('visitor.erased', { details: { messagesRedacted: 4 } }))).toEqual([
      'Messages erased: 4',
    ]);
    expect(
      detailLines(
        entry('website.updated', {
          details: { changes: { allowedOrigins: { old: [], new: ['https://a.example'] } } },
        }),
      ),
    ).toEqual(['Allowed origins: none → https://a.example']);
  });
});
