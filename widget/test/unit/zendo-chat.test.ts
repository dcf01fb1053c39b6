import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatApp, ChatHost, ChatModule, MountReason } from '../../src/chat-host';
import * as ar from '../../src/i18n/ar';
import { createZendoApi } from '../../src/zendo-api';
import { configureWidget, ZendoChat } from '../../src/zendo-chat';
import { flush } from './fakes';

interface Mounted {
  host: ChatHost;
  reason: MountReason;
  app: { [K in keyof ChatApp]: ReturnType<typeof vi.fn> };
}

let mounted: Mounted[] = [];
let loadChat: ReturnType<typeof vi.fn<() => Promise<ChatModule>>>;
let idle: (() => void) | undefined;

const chat: ChatModule = {
  mount(host, reason) {
    const app = { opened: vi.fn(), closed: vi.fn(), identify: vi.fn(async () => undefined), destroy: vi.fn() };
    mounted.push({ host, reason, app });
    return app;
  },
};

beforeAll(() => {
  customElements.define('zendo-chat', ZendoChat);
});

beforeEach(() => {
  mounted = [];
  idle = undefined;
  vi.stubGlobal('requestIdleCallback', (task: () => void) => (idle = task));
  loadChat = vi.fn(async () => chat);
  configureWidget({ apiOrigin: 'https://api.test', loadChat });
  window.Zendo = createZendoApi();
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
  delete window.Zendo;
});

function widget(attributes: Record<string, string> = { 'website-key': 'pk_test' }) {
  const element = document.createElement('zendo-chat');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  const root = element.shadowRoot!;
  return {
    element,
    root,
    launcher: root.querySelector<HTMLButtonElement>('[part="launcher"]')!,
    panel: root.querySelector<HTMLElement>('[part="panel"]')!,
  };
}

describe('<zendo-chat>', () => {
  it('shows a labelled launcher button in an open shadow root at once, without loading the chat', () => {
    const { element, root, launcher, panel } = widget();
    expect(element.shadowRoot).not.toBeNull();
    expect(launcher.tagName).toBe('BUTTON');
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(launcher.getAttribute('aria-controls')).toBe(panel.id);
    expect(panel.hidden).toBe(true);
    expect(panel.getAttribute('role')).toBe('dialog');
    expect(panel.getAttribute('aria-label')).toBe('Chat');
    expect(root.adoptedStyleSheets).toHaveLength(1);
    expect(root.querySelectorAll('[style], style')).toHaveLength(0);
    expect(loadChat).not.toHaveBeenCalled();
  });

  it('dispatches zendo:ready, bubbling out of the shadow root', () => {
    const ready = vi.fn();
    document.addEventListener('zendo:ready', ready);
    const { element } = widget();
    document.removeEventListener('zendo:ready', ready);
    expect(ready).toHaveBeenCalledOnce();
    const event = ready.mock.calls[0][0] as Event;
    expect(event.target).toBe(element);
    expect(event.composed).toBe(true);
  });

  it('opens on click: loads the chat, mounts it for an open and tells it', async () => {
    const { launcher, panel, root } = widget();
    launcher.click();
    expect(panel.hidden).toBe(false);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
    expect(root.activeElement).toBe(panel);
    expect(panel.textContent).toContain('Loading…');
    await flush();
    expect(mounted).toHaveLength(1);
    expect(mounted[0].reason).toBe('open');
    expect(mounted[0].host).toMatchObject({ websiteKey: 'pk_test', apiOrigin: 'https://api.test', lang: '' });
    expect(mounted[0].app.opened).toHaveBeenCalledOnce();
    expect(panel.textContent).not.toContain('Loading…');
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    const { launcher, panel, root } = widget();
    launcher.click();
    await flush();
    panel.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(panel.hidden).toBe(true);
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(root.activeElement).toBe(launcher);
    expect(mounted[0].app.closed).toHaveBeenCalledOnce();
  });

  it('prefetches the chat when the browser is idle, mounted as such', async () => {
    widget();
    expect(idle).toBeTypeOf('function');
    idle!();
    await flush();
    expect(mounted.map((m) => m.reason)).toEqual(['idle']);
    expect(mounted[0].app.opened).not.toHaveBeenCalled();
  });

  it('shows a friendly message when the chat cannot be loaded, and tries again on the next open', async () => {
    loadChat.mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'));
    const { launcher, panel } = widget();
    launcher.click();
    await flush();
    expect(panel.querySelector('[role="status"]')?.textContent).toBe(
      'Chat is unavailable right now. Please try again later.',
    );
    launcher.click();
    launcher.click();
    await flush();
    expect(loadChat).toHaveBeenCalledTimes(2);
    expect(mounted).toHaveLength(1);
  });

  it('shows the unread count on the launcher badge and in its name', async () => {
    const { launcher, root } = widget();
    idle!();
    await flush();
    mounted[0].host.setUnread(3);
    const badge = root.querySelector<HTMLElement>('[part="badge"]')!;
    expect(badge.hidden).toBe(false);
    expect(badge.textContent).toBe('3');
    expect(launcher.getAttribute('aria-label')).toBe('Open chat, 3 unread messages');
    mounted[0].host.setUnread(0);
    expect(badge.hidden).toBe(true);
  });

  it('announces through a polite live region outside the panel', async () => {
    const { root } = widget();
    idle!();
    await flush();
    mounted[0].host.announce('Ada: <b>hi</b>');
    const live = root.querySelector('[aria-live="polite"]')!;
    expect(live.closest('[part="panel"]')).toBeNull();
    expect(live.textContent).toBe('Ada: <b>hi</b>');
    expect(live.querySelector('b')).toBeNull();
  });

  it('dispatches chat events on the element, bubbling and composed', async () => {
    const { element } = widget();
    idle!();
    await flush();
    const seen = vi.fn();
    document.addEventListener('zendo:message', seen);
    mounted[0].host.dispatch('zendo:message', { id: 'm1' });
    document.removeEventListener('zendo:message', seen);
    const event = seen.mock.calls[0][0] as CustomEvent;
    expect(event.target).toBe(element);
    expect(event.detail).toEqual({ id: 'm1' });
    expect(event.bubbles && event.composed).toBe(true);
  });

  it('takes the site’s position unless the page chose one', async () => {
    const placed = widget({ 'website-key': 'pk_test', position: 'right' });
    const free = widget();
    idle!();
    await flush();
    for (const m of mounted) m.host.setPosition('left');
    expect(placed.root.querySelector('.frame')!.classList.contains('left')).toBe(false);
    expect(free.root.querySelector('.frame')!.classList.contains('left')).toBe(true);
  });

  it('is driven by window.Zendo', async () => {
    const { panel } = widget();
    window.Zendo!.open();
    expect(panel.hidden).toBe(false);
    window.Zendo!.toggle();
    expect(panel.hidden).toBe(true);
    window.Zendo!.toggle();
    window.Zendo!.close();
    expect(panel.hidden).toBe(true);
    await window.Zendo!.identify({ name: 'Grace', email: 'grace@example.com' });
    expect(mounted[0].app.identify).toHaveBeenCalledWith({ name: 'Grace', email: 'grace@example.com' });
  });

  it('rejects identify() when there is no widget on the page', async () => {
    await expect(window.Zendo!.identify({ name: 'x' })).rejects.toThrow('No <zendo-chat>');
  });

  it('names the launcher in English until the chat knows the language, and hands it the page’s lang', async () => {
    document.documentElement.lang = 'de';
    const { launcher } = widget({ 'website-key': 'pk_test', lang: 'fr-CA' });
    const plain = widget();
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    launcher.click();
    plain.launcher.click();
    await flush();
    document.documentElement.removeAttribute('lang');
    // The document's lang is the page's, not the visitor's: with no lang on the element, the chat
    // follows the website's setting and then the browser.
    expect(mounted.map((m) => m.host.lang)).toEqual(['fr-CA', '']);
  });

  it('puts the chat’s language on the panel and the launcher once it is known', async () => {
    const { launcher, panel, root } = widget();
    idle!();
    await flush();
    mounted[0].host.setUnread(2);
    mounted[0].host.localize('ar', 'rtl', ar.launcher);
    expect(panel.getAttribute('lang')).toBe('ar');
    expect(panel.getAttribute('dir')).toBe('rtl');
    expect(root.querySelector('.frame')!.getAttribute('lang')).toBe('ar');
    expect(panel.getAttribute('aria-label')).toBe('الدردشة');
    expect(launcher.getAttribute('aria-label')).toBe('فتح الدردشة، رسالتان غير مقروءتين');
    launcher.click();
    expect(launcher.getAttribute('aria-label')).toBe('إغلاق الدردشة');

    mounted[0].host.localize('en', 'ltr');
    expect(panel.getAttribute('dir')).toBe('ltr');
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
  });

  it('tears the chat down when removed from the page, but not when moved', async () => {
    const { element } = widget();
    idle!();
    await flush();
    const other = document.createElement('div');
    document.body.append(other);
    other.append(element);
    await flush();
    expect(mounted[0].app.destroy).not.toHaveBeenCalled();
    element.remove();
    await flush();
    expect(mounted[0].app.destroy).toHaveBeenCalledOnce();
  });
});
