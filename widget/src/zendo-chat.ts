import { adoptStyles } from './adopt-styles';
import type { ChatApp, ChatHost, ChatModule, MountReason, VisitorProfile } from './chat-host';
import { launcher as english, loader as loaderText, type LauncherStrings } from './i18n/en';
import { loaderStyles } from './zendo-chat.styles';

export interface WidgetConfig {
  /** Origin of widget.js; the API lives there. */
  apiOrigin: string;
  loadChat: () => Promise<ChatModule>;
}

let config: WidgetConfig | undefined;

/** Set once by the entry point (or a test) before the element is defined. */
export function configureWidget(value: WidgetConfig): void {
  config = value;
}

const CHAT_ICON = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2Z';
const CLOSE_ICON = 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6Z';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const name in attributes) node.setAttribute(name, attributes[name]);
  node.append(...children);
  return node;
}

// Built node by node rather than from an HTML string, which pages enforcing
// Trusted Types would refuse.
function icon(path: string, className: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const shape = document.createElementNS(ns, 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', className);
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}

function whenIdle(task: () => void): void {
  const schedule = () =>
    'requestIdleCallback' in window ? requestIdleCallback(task, { timeout: 5000 }) : setTimeout(task, 2000);
  if (document.readyState === 'complete') schedule();
  else addEventListener('load', schedule, { once: true });
}

/**
 * `<zendo-chat website-key="pk_…">`: the launcher, shown at once, and the frame
 * of the chat panel. Everything else (Lit, the socket client, the chat itself)
 * is loaded on first open or when the browser is idle, and renders into
 * `host.body`.
 */
export class ZendoChat extends HTMLElement {
  readonly #root = this.attachShadow({ mode: 'open' });
  readonly #frame = element('div', { class: 'frame' });
  readonly #launcher = element('button', { class: 'launcher', part: 'launcher', type: 'button' });
  readonly #badge = element('span', { class: 'badge', part: 'badge', 'aria-hidden': 'true', hidden: '' });
  readonly #body = element('div', { class: 'body' });
  readonly #panel = element('div', {
    class: 'panel',
    part: 'panel',
    id: 'zendo-panel',
    role: 'dialog',
    'aria-labelledby': 'zendo-title',
    tabindex: '-1',
    hidden: '',
  });
  readonly #live = element('div', { class: 'sr', 'aria-live': 'polite' });
  #strings: LauncherStrings = english;
  #open = false;
  #unread = 0;
  #app?: ChatApp;
  #loading?: Promise<ChatApp>;
  #ready = false;

  constructor() {
    super();
    adoptStyles(this.#root, loaderStyles);
    this.#launcher.setAttribute('aria-controls', 'zendo-panel');
    this.#panel.setAttribute('aria-label', english.chat);
    this.#launcher.append(icon(CHAT_ICON, 'chat-icon'), icon(CLOSE_ICON, 'close-icon'), this.#badge);
    this.#launcher.addEventListener('click', () => this.toggle());
    // A hover or keyboard focus on the launcher usually comes just before a click.
    for (const type of ['pointerenter', 'focus']) this.#launcher.addEventListener(type, () => this.#prefetch());
    this.#panel.append(this.#body);
    this.#frame.append(this.#launcher, this.#panel, this.#live);
    this.#root.append(this.#frame);
    this.#root.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Escape' && this.#open) {
        event.stopPropagation();
        this.close();
      }
    });
  }

  connectedCallback(): void {
    this.#frame.classList.toggle('left', this.getAttribute('position') === 'left');
    this.#sync();
    whenIdle(() => this.#prefetch());
    if (this.#ready) return;
    this.#ready = true;
    this.dispatchEvent(new CustomEvent('zendo:ready', { bubbles: true, composed: true }));
  }

  disconnectedCallback(): void {
    // A move within the page disconnects and reconnects in the same task.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#app?.destroy();
      this.#app = this.#loading = undefined;
    });
  }

  open(): void {
    if (this.#open) return;
    this.#open = true;
    this.#sync();
    this.#panel.focus();
    if (this.#app) this.#app.opened();
    else {
      if (!this.#body.firstChild) this.#body.append(this.#status(loaderText.loading));
      this.#load('open').catch(() => this.#body.replaceChildren(this.#status(loaderText.unavailable)));
    }
  }

  close(): void {
    if (!this.#open) return;
    const hadFocus = this.#root.activeElement !== null;
    this.#open = false;
    this.#sync();
    this.#app?.closed();
    if (hadFocus) this.#launcher.focus();
  }

  toggle(): void {
    if (this.#open) this.close();
    else this.open();
  }

  /** Stores the visitor's name and email; starts the chat session if needed. */
  identify(profile: VisitorProfile): Promise<void> {
    return this.#load('idle').then((app) => app.identify(profile));
  }

  #prefetch(): void {
    this.#load('idle').catch(() => undefined);
  }

  #load(reason: MountReason): Promise<ChatApp> {
    if (!config) return Promise.reject(new Error('zendo-chat is not configured'));
    this.#loading ??= config.loadChat().then(
      (chat) => {
        this.#body.replaceChildren();
        const app = chat.mount(this.#host(), reason);
        this.#app = app;
        if (this.#open) app.opened();
        return app;
      },
      (error: unknown) => {
        this.#loading = undefined; // the next open tries again
        throw error;
      },
    );
    return this.#loading;
  }

  #host(): ChatHost {
    return {
      websiteKey: this.getAttribute('website-key') ?? '',
      apiOrigin: config!.apiOrigin,
      lang: this.lang,
      root: this.#root,
      body: this.#body,
      isOpen: () => this.#open,
      close: () => this.close(),
      setUnread: (count) => {
        this.#unread = count;
        this.#sync();
      },
      setPosition: (position) => {
        if (!this.hasAttribute('position')) this.#frame.classList.toggle('left', position === 'left');
      },
      localize: (lang, dir, labels = english) => {
        this.#strings = labels;
        this.#frame.lang = this.#panel.lang = lang;
        this.#panel.dir = dir;
        this.#panel.setAttribute('aria-label', labels.chat);
        this.#sync();
      },
      announce: (text) => this.#live.replaceChildren(element('p', {}, text)),
      dispatch: (type, detail) => this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true })),
    };
  }

  #status(text: string): HTMLElement {
    return element('p', { class: 'status', role: 'status' }, text);
  }

  #sync(): void {
    const s = this.#strings;
    const unread = this.#unread;
    this.#panel.hidden = !this.#open;
    this.#launcher.setAttribute('aria-expanded', String(this.#open));
    this.#launcher.setAttribute('aria-label', this.#open ? s.close : unread ? s.openWithUnread(unread) : s.open);
    this.#badge.hidden = !unread;
    this.#badge.textContent = unread > 99 ? '99+' : String(unread);
  }
}
