import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatApp, ChatHost, ChatModule, MountReason, PeekModule } from '../../src/chat-host';
import type { Bootstrap } from '../../src/chat/types';
import * as ar from '../../src/i18n/ar';
import { pageIdentity } from '../../src/visitor-identity';
import { createZendoApi } from '../../src/zendo-api';
import { configureWidget, ZendoChat } from '../../src/zendo-chat';
import { flush } from './fakes';

interface Mounted {
  host: ChatHost;
  reason: MountReason;
  bootstrap?: Bootstrap;
  app: { [K in keyof ChatApp]: ReturnType<typeof vi.fn> };
}

let mounted: Mounted[] = [];
let loadChat: ReturnType<typeof vi.fn<() => Promise<ChatModule>>>;
let peekReturning: ReturnType<typeof vi.fn<PeekModule['peekReturning']>>;
let loadPeek: ReturnType<typeof vi.fn<() => Promise<PeekModule>>>;

const chat: ChatModule = {
  mount(host, reason, bootstrap) {
    const app = { opened: vi.fn(), closed: vi.fn(), identify: vi.fn(async () => undefined), destroy: vi.fn() };
    mounted.push({ host, reason, bootstrap, app });
    return app;
  },
};

const BOOTSTRAP = { visitor: { id: 'v-1' }, visitorToken: 't', website: { name: 'Acme' }, conversations: [] };

beforeAll(() => {
  customElements.define('zendo-chat', ZendoChat);
});

beforeEach(() => {
  mounted = [];
  localStorage.clear();
  loadChat = vi.fn(async () => chat);
  peekReturning = vi.fn(async () => undefined);
  loadPeek = vi.fn(async () => ({ peekReturning }));
  configureWidget({ apiOrigin: 'https://api.test', loadChat, loadPeek });
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

/** The visitor's pointer reaches the launcher: the chat loads ahead of the click. */
async function intent(launcher: HTMLElement, type = 'pointerenter') {
  launcher.dispatchEvent(new Event(type));
  await flush();
}

describe('<zendo-chat>', () => {
  it('shows a labelled launcher button in an open shadow root at once, without loading the chat', async () => {
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
    await flush();
    expect(loadChat).not.toHaveBeenCalled();
    expect(loadPeek).not.toHaveBeenCalled();
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

  it('draws the close icon while open and the chat icon while closed', () => {
    const { launcher } = widget();
    const path = () => launcher.querySelector('path')!.getAttribute('d');
    const closed = path();
    launcher.click();
    expect(path()).not.toBe(closed);
    launcher.click();
    expect(path()).toBe(closed);
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

  for (const type of ['pointerenter', 'pointerdown', 'focus']) {
    it(`loads the chat ahead of a click on ${type} at the launcher, mounted as idle, once`, async () => {
      const { launcher } = widget();
      await intent(launcher, type);
      await intent(launcher, type);
      expect(loadChat).toHaveBeenCalledOnce();
      expect(mounted.map((m) => m.reason)).toEqual(['idle']);
      expect(mounted[0].app.opened).not.toHaveBeenCalled();
    });
  }

  it('asks nothing of the network for a new visitor before they show intent', async () => {
    widget();
    window.dispatchEvent(new Event('load'));
    await flush();
    expect(loadPeek).not.toHaveBeenCalled();
    expect(loadChat).not.toHaveBeenCalled();
  });

  it('lets the peek chunk check a returning visitor, and loads the chat only when it says so', async () => {
    localStorage.setItem('zendo:pk_test:visitor', 'token-1');
    widget();
    await flush();
    expect(peekReturning).toHaveBeenCalledWith(
      expect.objectContaining({ apiOrigin: 'https://api.test', websiteKey: 'pk_test' }),
      'token-1',
    );
    expect(loadChat).not.toHaveBeenCalled();

    document.body.replaceChildren();
    peekReturning.mockResolvedValueOnce(BOOTSTRAP);
    widget();
    await flush();
    await flush();
    expect(mounted).toMatchObject([{ reason: 'idle', bootstrap: BOOTSTRAP }]);
  });

  it('carries on when localStorage is blocked or the peek chunk cannot load', async () => {
    loadPeek.mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'));
    localStorage.setItem('zendo:pk_test:visitor', 'token-1');
    const { launcher } = widget();
    await flush();
    expect(loadChat).not.toHaveBeenCalled();

    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    widget({ 'website-key': 'pk_other' });
    await flush();
    expect(loadPeek).toHaveBeenCalledOnce();
    launcher.click();
    await flush();
    expect(mounted).toHaveLength(1);
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
    await intent(launcher);
    mounted[0].host.launcher(3);
    const badge = root.querySelector<HTMLElement>('[part="badge"]')!;
    expect(badge.hidden).toBe(false);
    expect(badge.textContent).toBe('3');
    expect(launcher.getAttribute('aria-label')).toBe('Open chat, 3 unread messages');
    mounted[0].host.launcher(120);
    expect(badge.textContent).toBe('99+');
    mounted[0].host.launcher(0);
    expect(badge.hidden).toBe(true);
  });

  it('names the launcher in the chat’s language once the chat gives it, English again without', async () => {
    const { launcher, panel } = widget();
    await intent(launcher);
    mounted[0].host.launcher(2, ar.launcher);
    expect(launcher.getAttribute('aria-label')).toBe('فتح الدردشة، رسالتان غير مقروءتين');
    expect(panel.getAttribute('aria-label')).toBe('الدردشة');
    launcher.click();
    expect(launcher.getAttribute('aria-label')).toBe('إغلاق الدردشة');
    mounted[0].host.launcher(0);
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
  });

  it('hands the chat its nodes: the frame, the panel, its body and a live region outside it', async () => {
    const { element, root, launcher, panel } = widget();
    await intent(launcher);
    const { host } = mounted[0];
    expect(host.element).toBe(element);
    expect(host.root).toBe(root);
    expect(host.panel).toBe(panel);
    expect(host.body.parentElement).toBe(panel);
    expect(host.frame.contains(launcher) && host.frame.contains(panel)).toBe(true);
    expect(host.live.getAttribute('aria-live')).toBe('polite');
    expect(panel.contains(host.live)).toBe(false);
  });

  it('hands the chat the identity the page set before load: the element’s pair, else window.Zendo.identify', async () => {
    const preset = { userId: 'preset-1', userHash: 'b'.repeat(64) };
    configureWidget({ apiOrigin: 'https://api.test', loadChat, loadPeek, preset });
    await intent(widget().launcher);
    await intent(widget({ 'website-key': 'pk_test', 'user-id': 'attr-1', 'user-hash': 'a'.repeat(64) }).launcher);
    await intent(widget({ 'website-key': 'pk_test', 'user-id': 'half' }).launcher);
    const { host } = mounted[0];
    expect(host.preset).toBe(preset);
    expect(mounted.map(({ host }) => pageIdentity(host.element, host.preset))).toEqual([
      preset,
      { userId: 'attr-1', userHash: 'a'.repeat(64) },
      preset,
    ]);
    expect(pageIdentity(document.createElement('zendo-chat'), { userId: 'no hash' })).toBeUndefined();
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

  it('tears the chat down when removed from the page, but not when moved', async () => {
    const { element, launcher } = widget();
    await intent(launcher);
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
