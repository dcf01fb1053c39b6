import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, field, text, type } from '../../testing/dom';
import { conversation, settle } from '../../testing/factories';
import { Conversation, Tag } from '../core/api/api.models';
import { TagControl } from './tag-control';

const CATALOGUE = '/api/v1/websites/w-1/tags';
const tag = (name: string): Tag => ({ id: `t-${name}`, name, color: '#aa0000', conversations: 0 });

describe('TagControl', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<TagControl>;
  let updates: Conversation[];
  const root = () => fixture.nativeElement as HTMLElement;
  const applied = () =>
    [...root().querySelectorAll('ul[aria-label="Applied tags"] li span')].map(text);

  async function flush(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TagControl);
    updates = [];
    fixture.componentInstance.updated.subscribe((c) => updates.push(c));
    fixture.componentRef.setInput('conversation', conversation('c-1', { tags: ['billing'] }));
    await fixture.whenStable();
    backend.expectOne(CATALOGUE).flush({ items: [tag('billing'), tag('vip')] });
    await flush();
  });

  afterEach(() => backend.verify());

  /** Answers the PUT as the server would and shows the result, as the conversation view does. */
  async function answerPut(expected: string[]): Promise<void> {
    const put = backend.expectOne({ method: 'PUT', url: '/api/v1/conversations/c-1/tags' });
    expect(put.request.body).toEqual({ tags: expected });
    const updated = conversation('c-1', { tags: expected });
    put.flush({ conversation: updated });
    await flush();
    backend.expectOne(CATALOGUE).flush({ items: [tag('billing'), tag('vip'), tag('urgent')] });
    fixture.componentRef.setInput('conversation', updated);
    await flush();
  }

  it('shows the applied tags and offers the others from the catalogue', () => {
    expect(applied()).toEqual(['billing']);
    const options = [...root().querySelectorAll('datalist option')].map((o) =>
      o.getAttribute('value'),
    );
    expect(options).toEqual(['vip']);
  });

  it('applies a catalogue tag by its catalogue name', async () => {
    type(field(root(), 'Add a tag'), 'VIP');
    await fixture.whenStable();
    button(root(), 'Add tag').click();
    await answerPut(['billing', 'vip']);
    expect(updates.at(-1)?.tags).toEqual(['billing', 'vip']);
    expect(applied()).toEqual(['billing', 'vip']);
    expect(field(root(), 'Add a tag').value).toBe('');
  });

  it('creates a tag that is not in the catalogue, then applies it', async () => {
    type(field(root(), 'Add a tag'), 'urgent');
    await fixture.whenStable();
    button(root(), 'Create and add tag').click();
    const post = backend.expectOne({ method: 'POST', url: CATALOGUE });
    expect(post.request.body).toEqual({ name: 'urgent' });
    post.flush(tag('urgent'));
    await flush();
    await answerPut(['billing', 'urgent']);
    expect(applied()).toEqual(['billing', 'urgent']);
  });

  it('removes a tag', async () => {
    (root().querySelector('[aria-label="Remove tag billing"]') as HTMLButtonElement).click();
    await answerPut([]);
    expect(applied()).toEqual([]);
  });

  it('says what went wrong when the server refuses', async () => {
    type(field(root(), 'Add a tag'), 'vip');
    await fixture.whenStable();
    button(root(), 'Add tag').click();
    backend
      .expectOne({ method: 'PUT', url: '/api/v1/conversations/c-1/tags' })
      .flush(
        { error: { code: 'UNKNOWN_TAG', message: 'Not in the catalogue: vip' } },
        { status: 400, statusText: 'Bad Request' },
      );
    await flush();
    expect(text(root().querySelector('[role="alert"]')!)).toBe('Not in the catalogue: vip');
    expect(updates).toEqual([]);
  });
});
