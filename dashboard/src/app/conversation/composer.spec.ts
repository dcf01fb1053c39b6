import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Composer } from './composer';

describe('Composer', () => {
  let fixture: ComponentFixture<Composer>;
  let sent: string[];

  beforeEach(async () => {
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
});
