import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, queryButton, text } from '../../testing/dom';
import { conversation, settle } from '../../testing/factories';
import { InboxConversation } from '../core/api/api.models';
import { VisitorDetails } from './visitor-details';

describe('VisitorDetails', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<VisitorDetails>;
  const root = () => fixture.nativeElement as HTMLElement;
  const refresh = async () => {
    await settle();
    await fixture.whenStable();
  };
  const shown = (overrides: Partial<InboxConversation> = {}) =>
    conversation('c-1', {
      visitorId: 'v-1',
      visitor: { id: 'v-1', name: 'Grace', email: 'grace@example.com', createdAt: '2026-01-01' },
      ...overrides,
    });

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function render(manager: boolean, value = shown()): Promise<void> {
    fixture = TestBed.createComponent(VisitorDetails);
    fixture.componentRef.setInput('conversation', value);
    fixture.componentRef.setInput('manager', manager);
    await fixture.whenStable();
  }

  it('downloads the visitor’s export as a JSON file', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:export';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    await render(true);
    button(root(), 'Export data').click();
    const req = backend.expectOne('/api/v1/websites/w-1/visitors/v-1/export');
    expect(req.request.method).toBe('GET');
    req.flush({ visitor: { id: 'v-1', name: 'Grace' }, conversations: [] });
    await refresh();
    expect(clicked[0].download).toBe('visitor-v-1.json');
    expect(clicked[0].href).toBe('blob:export');
    expect(JSON.parse(await created[0].text())).toEqual({
      visitor: { id: 'v-1', name: 'Grace' },
      conversations: [],
    });
    expect(text(root())).toContain('Export downloaded.');
    click.mockRestore();
  });

  it('erases the visitor only after a confirmation that says what goes', async () => {
    await render(true);
    let erased = 0;
    fixture.componentInstance.erased.subscribe(() => erased++);
    button(root(), 'Erase visitor').click();
    await refresh();
    const dialog = root().querySelector('[role=alertdialog]')!;
    expect(text(dialog as HTMLElement)).toContain('name, email and the text of every message');
    button(root(), 'Cancel').click();
    await refresh();
    backend.expectNone('/api/v1/websites/w-1/visitors/v-1');
    button(root(), 'Erase visitor').click();
    await refresh();
    button(root(), 'Erase for good').click();
    const req = backend.expectOne('/api/v1/websites/w-1/visitors/v-1');
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await refresh();
    expect(erased).toBe(1);
    expect(text(root())).toContain('Visitor erased.');
  });

  it('shows why an erasure failed', async () => {
    await render(true);
    button(root(), 'Erase visitor').click();
    await refresh();
    button(root(), 'Erase for good').click();
    backend
      .expectOne('/api/v1/websites/w-1/visitors/v-1')
      .flush(
        { error: { code: 'NOT_FOUND', message: 'The visitor does not exist' } },
        { status: 404, statusText: 'Not Found' },
      );
    await refresh();
    expect(root().querySelector('[role=alert]')?.textContent).toContain(
      'The visitor does not exist',
    );
  });

  it('offers neither to an agent', async () => {
    await render(false);
    expect(queryButton(root(), 'Export data')).toBeUndefined();
    expect(queryButton(root(), 'Erase visitor')).toBeUndefined();
  });

  it('links only web pages and shows any other page address as text', async () => {
    await render(false, shown({ pageUrl: 'javascript:alert(1)' }));
    expect(root().querySelector('dd a[target]')).toBeNull();
    expect(text(root())).toContain('javascript:alert(1)');
    fixture.componentRef.setInput('conversation', shown({ pageUrl: 'https://shop.example/cart' }));
    await fixture.whenStable();
    expect(root().querySelector('dd a[target]')?.getAttribute('href')).toBe(
      'https://shop.example/cart',
    );
  });
});
