import { adoptStyles } from './adopt-styles';
import type { Bootstrap } from './chat/types';
import type { ChatApp, ChatHost, ChatModule, MountReason, PeekModule, VisitorProfile } from './chat-host';
import { launcher as english, loader as loaderText, type LauncherStrings } from './i18n/en';
import { storageKey } from './storage-key';
import { loaderStyles } from './zendo-chat.styles';

export interface WidgetConfig {
  /** Origin of widget.js; the API lives there. */
  apiOrigin: string;
  loadChat: () => Promise<ChatModule>;
  /** The returning visitor's check (returning-visitor.ts), a chunk of its own. */
  loadPeek: () => Promise<PeekModule>;
  /** `window.Zendo.identify` as the page set it before widget.js ran. */
  preset?: unknown;
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
// Trusted Types would refuse. One path, drawn as the chat or the close icon.
function icon(): [SVGSVGElement, SVGPathElement] {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const shape = document.createElementNS(ns, 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.append(shape);
  return [svg, shape];
}

/**
 * `<zendo-chat website-key="pk_…">`: the launcher, shown at once, and the frame
 * of the chat panel. Everything else (Lit, the socket, the chat itself) waits
 * for the visitor: it loads when the pointer or focus reaches the launcher, on
 * first open, or when the page calls identify(), and renders into `host.body`.
 * A returning visitor is bootstrapped after `load`, and the chat loads then
 * only if there is something to show or send (see returning-visitor.ts).
 */
export class ZendoChat extends HTMLElement {
  readonly #root = this.attachShadow({ mode: 'open' });
  readonly #frame = element('div', { class: 'frame' });
  readonly #launcher = element('button', {
    class: 'launcher',
    part: 'launcher',
    type: 'button',
    'aria-controls': 'zendo-panel',
  });
  readonly #icon = icon();
  // Hidden and shown by #sync(), like the panel; neither is drawn before the element is connected.
  readonly #badge = element('span', { class: 'badge', part: 'badge', 'aria-hidden': 'true' });
  readonly #body = element('div', { class: 'body' });
  readonly #panel = element('div', {
    class: 'panel',
    part: 'panel',
    id: 'zendo-panel',
    role: 'dialog',
    'aria-labelledby': 'zendo-title',
    tabindex: '-1',
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
    this.#launcher.append(this.#icon[0], this.#badge);
    this.#launcher.addEventListener('click', () => this.toggle());
    // A hover, touch or keyboard focus on the launcher usually comes just before a click.
    for (const type of ['pointerenter', 'pointerdown', 'focus']) {
      this.#launcher.addEventListener(type, () => this.#prefetch());
    }
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
    if (this.#ready) return;
    this.#ready = true;
    const peek = () => {
      const key = this.#key();
      if (!this.isConnected) return; // removed before the page finished loading
      try {
        const token = localStorage.getItem(storageKey(key, 'visitor'));
        if (!token) return; // a new visitor: nothing before they ask
        config!
          .loadPeek()
          .then((chunk) => chunk.peekReturning(this.#host(), token))
          .then((bootstrap) => bootstrap && this.#load('idle', bootstrap))
          .catch(() => undefined); // no answer: the first open bootstraps
      } catch {
        // localStorage is blocked: nobody is returning
      }
    };
    if (document.readyState === 'complete') peek();
    else addEventListener('load', peek, { once: true });
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

  #load(reason: MountReason, bootstrap?: Bootstrap): Promise<ChatApp> {
    this.#loading ??= config!.loadChat().then(
      (chat) => {
        this.#body.replaceChildren();
        const app = chat.mount(this.#host(), reason, bootstrap);
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
      websiteKey: this.#key(),
      apiOrigin: config!.apiOrigin,
      lang: this.lang,
      element: this,
      preset: config!.preset,
      root: this.#root,
      frame: this.#frame,
      panel: this.#panel,
      body: this.#body,
      live: this.#live,
      isOpen: () => this.#open,
      close: () => this.close(),
      launcher: (unread, labels = english) => {
        this.#unread = unread;
        this.#strings = labels;
        this.#sync();
      },
    };
  }

  #key(): string {
    return this.getAttribute('website-key') ?? '';
  }

  #status(text: string): HTMLElement {
    return element('p', { class: 'status', role: 'status' }, text);
  }

  #sync(): void {
    const s = this.#strings;
    const unread = this.#unread;
    this.#panel.hidden = !this.#open;
    this.#panel.setAttribute('aria-label', s.chat);
    this.#icon[1].setAttribute('d', this.#open ? CLOSE_ICON : CHAT_ICON);
    this.#launcher.setAttribute('aria-expanded', String(this.#open));
    this.#launcher.setAttribute('aria-label', this.#open ? s.close : unread ? s.openWithUnread(unread) : s.open);
    this.#badge.hidden = !unread;
    this.#badge.textContent = unread > 99 ? '99+' : String(unread);
  }
}
