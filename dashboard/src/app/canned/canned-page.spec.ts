import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, field, queryButton, text, type } from '../../testing/dom';
import { settle, website } from '../../testing/factories';
import { CannedResponse, Role } from '../core/api/api.models';
import { WebsitesStore } from '../core/websites/websites-store';
import { CannedPage } from './canned-page';

const LIST = '/api/v1/websites/w-1/canned-responses';

function canned(shortcut: string, body: string, title: string | null = null): CannedResponse {
  return {
    id: `cr-${shortcut}`,
    shortcut,
    title,
    body,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

describe('CannedPage', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<CannedPage>;
  const root = () => fixture.nativeElement as HTMLElement;

  async function render(role: Role, items: CannedResponse[]): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    const websites = TestBed.inject(WebsitesStore);
    websites['list'].set([website('w-1', { role })]);
    fixture = TestBed.createComponent(CannedPage);
    fixture.componentRef.setInput('websiteId', 'w-1');
    await fixture.whenStable();
    backend.expectOne(LIST).flush({ items, nextCursor: null });
    await flush();
  }

  async function flush(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  const rows = () => [...root().querySelectorAll('ul[aria-label="Canned responses"] li')].map(text);

  afterEach(() => backend.verify());

  it('lists the responses by shortcut and searches them, forgiving typos', async () => {
    await render('owner', [canned('shipping', 'Ships in 2 days'), canned('refund', 'Refunds…')]);
    expect(rows()[0]).toContain('/refund');
    expect(rows()[1]).toContain('/shipping');
    type(field(root(), 'Search canned responses'), 'refnd');
    await fixture.whenStable();
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toContain('/refund');
    type(field(root(), 'Search canned responses'), 'nothing like it');
    await fixture.whenStable();
    expect(text(root())).toContain('No canned response matches.');
  });

  it('shows agents the list without any way to change it', async () => {
    await render('agent', [canned('refund', 'Refunds…')]);
    expect(rows()).toHaveLength(1);
    expect(text(root())).toContain('Only owners and admins can add or change canned responses.');
    expect(queryButton(root(), 'Create canned response')).toBeUndefined();
    expect(root().querySelector('[aria-label="Edit /refund"]')).toBeNull();
  });

  it('creates a response', async () => {
    await render('admin', []);
    type(field(root(), 'Shortcut'), 'hello');
    type(field(root(), 'Title (optional)'), 'Greeting');
    type(field(root(), 'Text'), 'Hi {{visitor.name | there}}');
    button(root(), 'Create canned response').click();
    const post = backend.expectOne({ method: 'POST', url: LIST });
    expect(post.request.body).toEqual({
      shortcut: 'hello',
      title: 'Greeting',
      body: 'Hi {{visitor.name | there}}',
    });
    post.flush(canned('hello', 'Hi {{visitor.name | there}}', 'Greeting'));
    await flush();
    expect(rows()[0]).toContain('/hello');
    expect(text(root())).toContain('Created /hello.');
    expect(field(root(), 'Shortcut').value).toBe('');
  });

  it('refuses a bad shortcut before sending anything', async () => {
    await render('owner', []);
    type(field(root(), 'Shortcut'), 'two words');
    type(field(root(), 'Text'), 'x');
    button(root(), 'Create canned response').click();
    await fixture.whenStable();
    backend.expectNone({ method: 'POST', url: LIST });
    expect(text(root())).toContain('Use 1–32 letters, digits, _ or -');
  });

  it('shows SHORTCUT_TAKEN on the shortcut field', async () => {
    await render('owner', [canned('refund', 'Refunds…')]);
    type(field(root(), 'Shortcut'), 'REFUND');
    type(field(root(), 'Text'), 'Other text');
    button(root(), 'Create canned response').click();
    backend
      .expectOne({ method: 'POST', url: LIST })
      .flush(
        { error: { code: 'SHORTCUT_TAKEN', message: 'taken' } },
        { status: 409, statusText: 'Conflict' },
      );
    await flush();
    const error = root().querySelector('#canned-shortcut-error')!;
    expect(text(error)).toContain('Another canned response has this shortcut');
  });

  it('puts validation details from the server on their fields', async () => {
    await render('owner', []);
    type(field(root(), 'Shortcut'), 'ok');
    type(field(root(), 'Text'), 'x');
    button(root(), 'Create canned response').click();
    backend.expectOne({ method: 'POST', url: LIST }).flush(
      {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is not valid',
          details: [{ field: 'body', message: 'body must not hold control characters' }],
        },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await flush();
    expect(text(root().querySelector('#canned-body-error')!)).toBe(
      'body must not hold control characters',
    );
  });

  it('edits a response', async () => {
    await render('owner', [canned('refund', 'Old text', 'Refunds')]);
    (root().querySelector('[aria-label="Edit /refund"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(field(root(), 'Shortcut').value).toBe('refund');
    type(field(root(), 'Text'), 'New text');
    button(root(), 'Save canned response').click();
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/v1/canned-responses/cr-refund' });
    expect(patch.request.body).toEqual({ shortcut: 'refund', title: 'Refunds', body: 'New text' });
    patch.flush(canned('refund', 'New text', 'Refunds'));
    await flush();
    expect(rows()[0]).toContain('New text');
  });

  it('deletes only after a confirmation', async () => {
    await render('owner', [canned('refund', 'Refunds…')]);
    (root().querySelector('[aria-label="Delete /refund"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    backend.expectNone({ method: 'DELETE' });
    const prompt = root().querySelector('[role="alertdialog"]')!;
    expect(text(prompt as HTMLElement)).toContain('Delete /refund for the whole team?');
    // The safe choice has focus, so a stray Enter keeps the response.
    expect(document.activeElement?.textContent?.trim()).toBe('Keep it');
    button(prompt as HTMLElement, 'Delete /refund').click();
    backend
      .expectOne({ method: 'DELETE', url: '/api/v1/canned-responses/cr-refund' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await flush();
    expect(rows()).toHaveLength(0);
    expect(text(root())).toContain('Deleted /refund.');
  });
});
