import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CannedResponse } from '../core/api/api.models';
import { settle } from '../../testing/factories';
import { Composer } from './composer';

describe('Composer', () => {
  let fixture: ComponentFixture<Composer>;
  let sent: string[];

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    fixture = TestBed.createComponent(Composer);
    sent = [];
    fixture.componentInstance.send.subscribe((body) => sent.push(body));
    await show('c-1');
  });

  async function show(conversationId: string): Promise<void> {
    fixture.componentRef.setInput('conversationId', conversationId);
    await fixture.whenStable();
  }

  function textarea(): HTMLTextAreaElement {
    const element = fixture.nativeElement as HTMLElement;
    const label = [...element.querySelectorAll('label')].find(
      (l) => l.textContent?.trim() === 'Message',
    );
    return element.querySelector<HTMLTextAreaElement>(`#${label?.htmlFor}`)!;
  }

  async function type(text: string): Promise<void> {
    textarea().value = text;
    textarea().dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  function press(key: string, init: KeyboardEventInit = {}): KeyboardEvent {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    textarea().dispatchEvent(event);
    return event;
  }

  it('has a textarea labelled "Message"', () => {
    expect(textarea()).toBeInstanceOf(HTMLTextAreaElement);
  });

  it('sends on Enter and clears the box', async () => {
    await type('Hello, how can I help?');
    const event = press('Enter');
    await fixture.whenStable();
    expect(event.defaultPrevented).toBe(true);
    expect(sent).toEqual(['Hello, how can I help?']);
    expect(textarea().value).toBe('');
  });

  it('keeps Shift+Enter for a new line', async () => {
    await type('First line');
    const event = press('Enter', { shiftKey: true });
    await fixture.whenStable();
    expect(event.defaultPrevented).toBe(false);
    expect(sent).toEqual([]);
    expect(textarea().value).toBe('First line');
  });

  it('does not send blank text or while an IME is composing', async () => {
    await type('   ');
    press('Enter');
    await type('候补');
    press('Enter', { isComposing: true });
    expect(sent).toEqual([]);
  });

  it('does not send while disabled', async () => {
    fixture.componentRef.setInput('disabled', true);
    await type('Hello');
    press('Enter');
    expect(sent).toEqual([]);
  });

  it('keeps a separate draft for each conversation', async () => {
    await type('Draft for one');
    await show('c-2');
    expect(textarea().value).toBe('');
    await type('Draft for two');

    await show('c-1');
    expect(textarea().value).toBe('Draft for one');
    await show('c-2');
    expect(textarea().value).toBe('Draft for two');

    press('Enter');
    await show('c-1');
    await show('c-2');
    expect(textarea().value).toBe('');
    expect(sent).toEqual(['Draft for two']);
  });

  it('keeps drafts when the composer itself is recreated', async () => {
    await type('Survives a re-render');
    fixture.destroy();
    fixture = TestBed.createComponent(Composer);
    await show('c-1');
    expect(textarea().value).toBe('Survives a re-render');
  });

  describe('canned responses', () => {
    let backend: HttpTestingController;
    const responses: CannedResponse[] = [
      canned('refund', 'Refund policy', 'Hi {{visitor.name | there}}, refunds take 5 days.'),
      canned('shipping', 'Where is my order', 'Orders ship within 2 days. {{agent.name}}'),
      canned('hello', null, 'Hello from {{website.name}}!'),
    ];

    function canned(shortcut: string, title: string | null, body: string): CannedResponse {
      return {
        id: `cr-${shortcut}`,
        shortcut,
        title,
        body,
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
      };
    }

    beforeEach(async () => {
      backend = TestBed.inject(HttpTestingController);
      fixture.componentRef.setInput('websiteId', 'w-1');
      fixture.componentRef.setInput('fillContext', {
        visitor: { name: 'Ada', email: null },
        agent: { name: 'Grace' },
        website: { name: 'Acme' },
      });
      await fixture.whenStable();
    });

    afterEach(() => backend.verify());

    const root = () => fixture.nativeElement as HTMLElement;
    const listbox = () => root().querySelector<HTMLElement>('[role="listbox"]')!;
    const optionTexts = () =>
      [...listbox().querySelectorAll('[role="option"]')].map((o) => o.textContent ?? '');

    async function openWith(text: string): Promise<void> {
      await type(text);
      backend
        .expectOne({ method: 'GET', url: '/api/v1/websites/w-1/canned-responses' })
        .flush({ items: responses, nextCursor: null });
      await settle();
      await fixture.whenStable();
    }

    const listShown = () => !(root().querySelector('.canned') as HTMLElement).hidden;

    async function key(name: string, init: KeyboardEventInit = {}): Promise<KeyboardEvent> {
      const event = press(name, init);
      await fixture.whenStable();
      return event;
    }

    it('offers a list that stays closed until a slash is typed', async () => {
      expect(textarea().getAttribute('aria-autocomplete')).toBe('list');
      expect(textarea().getAttribute('aria-controls')).toBe(listbox().id);
      expect(listShown()).toBe(false);
      await type('no slash here');
      backend.expectNone('/api/v1/websites/w-1/canned-responses');
      expect(listShown()).toBe(false);
    });

    it('opens the list on a slash at the start and shows the filled preview', async () => {
      await openWith('/');
      expect(listShown()).toBe(true);
      expect(optionTexts()).toHaveLength(3);
      expect(optionTexts().join('|')).toContain('Hi Ada, refunds take 5 days.');
      expect(optionTexts().join('|')).not.toContain('{{');
      const first = listbox().querySelector('[role="option"]')!;
      expect(textarea().getAttribute('aria-activedescendant')).toBe(first.id);
      expect(first.getAttribute('aria-selected')).toBe('true');
    });

    it('opens after whitespace but not inside a word or a path', async () => {
      await openWith('Thanks! /');
      expect(listShown()).toBe(true);
      await type('see a/b');
      expect(listShown()).toBe(false);
    });

    it('filters as one types, forgiving a typo', async () => {
      await openWith('/');
      await type('/shp');
      expect(optionTexts()[0]).toContain('/shipping');
      await type('/refnud');
      expect(optionTexts()).toHaveLength(1);
      expect(optionTexts()[0]).toContain('/refund');
      await type('/zzzz');
      expect(optionTexts()).toHaveLength(0);
      expect(root().textContent).toContain('No canned response matches.');
    });

    it('moves with the arrow keys and inserts the filled text with Enter, without sending', async () => {
      await openWith('/');
      const down = await key('ArrowDown');
      expect(down.defaultPrevented).toBe(true);
      const options = [...listbox().querySelectorAll('[role="option"]')];
      expect(textarea().getAttribute('aria-activedescendant')).toBe(options[1].id);
      await key('ArrowUp');
      await key('ArrowUp');
      expect(textarea().getAttribute('aria-activedescendant')).toBe(options[2].id);
      await key('ArrowDown');
      await key('ArrowDown');
      // hello, refund, shipping by shortcut: the second is refund.
      const enter = await key('Enter');
      expect(enter.defaultPrevented).toBe(true);
      expect(sent).toEqual([]);
      expect(textarea().value).toBe('Hi Ada, refunds take 5 days.');
      expect(listShown()).toBe(false);
    });

    it('inserts with Tab, replacing only the slash word', async () => {
      await openWith('Sure. /ship');
      const tab = await key('Tab');
      expect(tab.defaultPrevented).toBe(true);
      expect(textarea().value).toBe('Sure. Orders ship within 2 days. Grace');
      press('Enter');
      expect(sent).toEqual(['Sure. Orders ship within 2 days. Grace']);
    });

    it('inserts the option clicked', async () => {
      await openWith('/');
      const hello = [...listbox().querySelectorAll<HTMLElement>('[role="option"]')].find((o) =>
        o.textContent?.includes('/hello'),
      )!;
      hello.click();
      await fixture.whenStable();
      expect(textarea().value).toBe('Hello from Acme!');
    });

    it('closes with Escape and lets Enter send the text as typed', async () => {
      await openWith('/refund');
      const escape = await key('Escape');
      expect(escape.defaultPrevented).toBe(true);
      expect(listShown()).toBe(false);
      await type('/refunds');
      expect(listShown()).toBe(false);
      press('Enter');
      expect(sent).toEqual(['/refunds']);
    });

    it('refreshes the list on every opening but shows the copy held at once', async () => {
      await openWith('/');
      await type('');
      await type('/');
      expect(optionTexts()).toHaveLength(3);
      backend
        .expectOne('/api/v1/websites/w-1/canned-responses')
        .flush({ items: responses.slice(0, 1), nextCursor: null });
      await settle();
      await fixture.whenStable();
      expect(optionTexts()).toHaveLength(1);
    });
  });
});
