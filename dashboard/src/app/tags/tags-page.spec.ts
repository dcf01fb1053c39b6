import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, field, text, type } from '../../testing/dom';
import { settle, website } from '../../testing/factories';
import { Role, Tag } from '../core/api/api.models';
import { WebsitesStore } from '../core/websites/websites-store';
import { TagsPage } from './tags-page';

const LIST = '/api/v1/websites/w-1/tags';
const tag = (name: string, conversations = 0, color: string | null = '#ff0000'): Tag => ({
  id: `t-${name}`,
  name,
  color,
  conversations,
});

describe('TagsPage', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<TagsPage>;
  const root = () => fixture.nativeElement as HTMLElement;
  const rows = () => [...root().querySelectorAll('ul[aria-label="Tags"] > li')].map(text);
  const byLabel = (label: string) =>
    root().querySelector<HTMLButtonElement>(`[aria-label="${label}"]`);

  async function flush(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  async function render(role: Role, items: Tag[]): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(WebsitesStore)['list'].set([website('w-1', { role })]);
    fixture = TestBed.createComponent(TagsPage);
    fixture.componentRef.setInput('websiteId', 'w-1');
    await fixture.whenStable();
    backend.expectOne(LIST).flush({ items });
    await flush();
  }

  afterEach(() => backend.verify());

  it('lists tags with their conversation counts', async () => {
    await render('owner', [tag('billing', 3), tag('vip', 1)]);
    expect(rows()[0]).toContain('billing');
    expect(rows()[0]).toContain('3 conversations');
    expect(rows()[1]).toContain('1 conversation');
  });

  it('lets an agent create tags but not rename or delete them', async () => {
    await render('agent', [tag('billing', 3)]);
    expect(byLabel('Edit tag billing')).toBeNull();
    expect(byLabel('Delete tag billing')).toBeNull();
    type(field(root(), 'Tag name'), 'urgent');
    type(field(root(), 'Tag colour'), '#00AA00');
    button(root(), 'Create tag').click();
    const post = backend.expectOne({ method: 'POST', url: LIST });
    expect(post.request.body).toEqual({ name: 'urgent', color: '#00aa00' });
    post.flush(tag('urgent', 0, '#00aa00'));
    await flush();
    const names = [...root().querySelectorAll('ul[aria-label="Tags"] .name')].map(text);
    expect(names).toEqual(['billing', 'urgent']);
    expect(text(root())).toContain('Created the tag “urgent”.');
  });

  it('shows TAG_TAKEN on the name field', async () => {
    await render('owner', [tag('billing')]);
    type(field(root(), 'Tag name'), 'Billing');
    button(root(), 'Create tag').click();
    backend
      .expectOne({ method: 'POST', url: LIST })
      .flush(
        { error: { code: 'TAG_TAKEN', message: 'taken' } },
        { status: 409, statusText: 'Conflict' },
      );
    await flush();
    expect(text(root().querySelector('#tag-new-name-error')!)).toContain(
      'A tag of this name exists already',
    );
  });

  it('refuses an empty name before sending anything', async () => {
    await render('owner', []);
    type(field(root(), 'Tag name'), '   ');
    button(root(), 'Create tag').click();
    await fixture.whenStable();
    backend.expectNone({ method: 'POST', url: LIST });
    expect(text(root().querySelector('#tag-new-name-error')!)).toBe('Enter your tag name.');
  });

  it('renames and recolours a tag', async () => {
    await render('admin', [tag('billing', 2)]);
    byLabel('Edit tag billing')!.click();
    await fixture.whenStable();
    type(field(root(), 'Name'), 'invoices');
    type(field(root(), 'Colour'), '#123456');
    button(root(), 'Save tag').click();
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/v1/tags/t-billing' });
    expect(patch.request.body).toEqual({ name: 'invoices', color: '#123456' });
    patch.flush({ ...tag('invoices', 2, '#123456'), id: 't-billing' });
    await flush();
    expect(rows()[0]).toContain('invoices');
  });

  it('deletes after a confirmation that says how many conversations lose it', async () => {
    await render('owner', [tag('billing', 4)]);
    byLabel('Delete tag billing')!.click();
    await fixture.whenStable();
    expect(text(root())).toContain('Deleting removes it from 4 conversations.');
    backend.expectNone({ method: 'DELETE' });
    button(
      root().querySelector('[role="alertdialog"]') as HTMLElement,
      'Delete tag billing',
    ).click();
    backend
      .expectOne({ method: 'DELETE', url: '/api/v1/tags/t-billing' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await flush();
    expect(rows()).toHaveLength(0);
    expect(root().querySelector('[role="alertdialog"]')).toBeNull();
  });
});
