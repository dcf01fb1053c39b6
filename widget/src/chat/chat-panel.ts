import { html, nothing, render, svg, type TemplateResult } from 'lit/html.js';
import type { ChatHost } from '../chat-host';
import { panel as english, type PanelStrings } from '../i18n/en';
import type { Translation } from '../i18n/locale';
import type { ChatSession } from './chat-session';
import { EmailForm } from './email-form';
import type { PendingMessage } from './outbox';
import { MAX_BODY, type Conversation, type Message } from './types';

const CLOSE_ICON = svg`<path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6Z"/>`;
const LIST_ICON = svg`<path d="M4 6h16v2H4zm0 5h16v2H4zm0 5h16v2H4z"/>`;
const SEND_ICON = svg`<path d="M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z"/>`;

const icon = (path: unknown) => html`<svg viewBox="0 0 24 24" aria-hidden="true">${path}</svg>`;

/**
 * Renders the session into the panel with lit-html. Message bodies only ever
 * reach the DOM through text bindings, never as HTML.
 */
export class ChatPanel {
  /** One textarea for the panel's life: it keeps the draft, caret and focus across re-renders. */
  readonly #composer = document.createElement('textarea');
  #listView = false;
  #scheduled = false;
  #focusPending = false;
  #locale = 'en';
  private t: PanelStrings = english;
  #time = format('en', { hour: 'numeric', minute: '2-digit' });
  #date = format('en', { dateStyle: 'medium' });
  readonly #email: EmailForm;

  constructor(
    private readonly host: ChatHost,
    private readonly session: ChatSession,
  ) {
    const composer = this.#composer;
    composer.rows = 1;
    composer.maxLength = MAX_BODY;
    // The visitor may write in another script than the panel's.
    composer.dir = 'auto';
    composer.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#submit();
      }
    });
    composer.addEventListener('input', () => session.composing());
    this.#email = new EmailForm(
      session,
      () => this.t,
      () => this.update(),
      () => this.focusSoon(),
    );
    this.localize({ locale: 'en', dir: 'ltr', panel: english });
  }

  /** Speaks `translation` from the next render on; dates and times follow its locale. */
  localize({ locale, panel }: Translation): void {
    this.t = panel;
    this.#composer.placeholder = panel.placeholder;
    this.#composer.setAttribute('aria-label', panel.message);
    if (locale !== this.#locale) {
      this.#locale = locale;
      this.#time = format(locale, { hour: 'numeric', minute: '2-digit' });
      this.#date = format(locale, { dateStyle: 'medium' });
    }
    this.update();
  }

  /** Batches changes into one render per microtask. */
  update(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#render();
    });
  }

  /** Moves focus into the chat once there is something to focus, unless the visitor moved it already. */
  focusSoon(): void {
    this.#focusPending = true;
    this.update();
  }

  clear(): void {
    render(nothing, this.host.body);
  }

  #render(): void {
    const log = this.host.body.querySelector('.log');
    const atBottom = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    render(this.#template(), this.host.body);
    const next = this.host.body.querySelector('.log');
    if (next && (atBottom || next !== log)) next.scrollTop = next.scrollHeight;
    if (this.#focusPending && this.session.phase !== 'loading' && this.session.phase !== 'idle') {
      this.#focusPending = false;
      const active = this.host.root.activeElement;
      const target = this.#composer.isConnected ? this.#composer : this.host.body.querySelector('button');
      if (this.host.isOpen() && (!active || active.getAttribute('role') === 'dialog')) target?.focus();
    }
  }

  #template(): TemplateResult {
    const { session: s, t } = this;
    const canList = s.phase === 'ready' && s.conversations.length > 1;
    return html`
      <div class="head">
        <div class="who">
          <h2 id="zendo-title">${s.website?.name || t.title}</h2>
          ${s.agentsOnline === null ? nothing : html`<p class="presence">${s.agentsOnline ? t.online : t.away}</p>`}
        </div>
        ${
          canList
            ? html`<button
                class="icon"
                type="button"
                aria-label=${this.#listView ? t.back : t.allConversations}
                @click=${() => this.#showList(!this.#listView)}
              >
                ${icon(LIST_ICON)}
              </button>`
            : nothing
        }
        <button class="icon" type="button" aria-label=${t.close} @click=${() => this.host.close()}>
          ${icon(CLOSE_ICON)}
        </button>
      </div>
      ${s.phase === 'ready' && s.reconnecting ? html`<p class="bar" role="status">${t.reconnecting}</p>` : nothing}
      ${this.#main()}
    `;
  }

  #main(): TemplateResult {
    const { session: s, t } = this;
    switch (s.phase) {
      case 'idle':
      case 'loading':
        return html`<p class="status" role="status">${t.loading}</p>`;
      case 'offline':
        return html`<div class="status" role="alert">
          <p>${t.offline}</p>
          <button class="btn" type="button" @click=${() => s.start().catch(() => undefined)}>${t.tryAgain}</button>
        </div>`;
      case 'unavailable':
        return html`<div class="status" role="alert"><p>${t.unavailable}</p></div>`;
    }
    return this.#listView ? this.#list() : this.#thread();
  }

  #thread(): TemplateResult {
    const { session: s, t } = this;
    const conversation = s.current;
    const messages = s.currentMessages;
    const greeting = (s.away && s.website?.offlineGreeting) || s.website?.settings?.greeting || t.greeting;
    return html`
      <ol class="log" aria-label=${t.messages}>
        ${messages.length ? nothing : html`<li class="m agent"><p class="text">${greeting}</p></li>`}
        ${messages.map((m, i) => this.#message(m, messages[i - 1]))} ${s.currentPending.map((p) => this.#pending(p))}
      </ol>
      ${s.typing === null ? nothing : html`<p class="typing">${t.typing(s.typing || t.agent)}</p>`}
      ${this.#email.render()}
      ${
        conversation?.status === 'closed'
          ? html`<div class="ended">
              <p>${t.closed}</p>
              <button class="btn" type="button" @click=${() => this.#startNew()}>${t.startNew}</button>
            </div>`
          : html`<form class="composer" part="composer" @submit=${this.#onSubmit}>
              ${this.#composer}
              <button class="send" part="send" type="submit" aria-label=${t.send}>${icon(SEND_ICON)}</button>
            </form>`
      }
    `;
  }

  #message(m: Message, previous: Message | undefined): TemplateResult {
    const { t } = this;
    const type = m.sender.type;
    const showName = type === 'agent' && (previous?.sender.type !== 'agent' || previous.sender.id !== m.sender.id);
    const you = type === 'visitor' ? html`<span class="sr">${t.you}: </span>` : nothing;
    return html`<li class="m ${type}" part="message">
      ${showName ? html`<span class="name">${m.sender.name || t.agent}</span>` : nothing}
      <p class="text ${m.deletedAt ? 'deleted' : ''}">${you}${m.deletedAt ? t.deleted : m.body}</p>
      <span class="meta"><time datetime=${m.createdAt}>${this.#at(m.createdAt, this.#time)}</time></span>
    </li>`;
  }

  #pending(p: PendingMessage): TemplateResult {
    const { t } = this;
    return html`<li class="m visitor ${p.state}" part="message">
      <p class="text"><span class="sr">${t.you}: </span>${p.body}</p>
      <span class="meta" role=${p.state === 'failed' ? 'alert' : nothing}>
        ${
          p.state === 'pending'
            ? t.sending
            : html`${t.notSent}
                <button class="link" type="button" @click=${() => this.session.retry(p.clientMessageId)}>
                  ${t.retry}
                </button>`
        }
      </span>
    </li>`;
  }

  #list(): TemplateResult {
    const { session: s, t } = this;
    return html`<ul class="list" aria-label=${t.conversations}>
      <li><button class="btn" type="button" @click=${() => this.#startNew()}>${t.startNew}</button></li>
      ${s.conversations.map((c) => this.#conversation(c))}
    </ul>`;
  }

  #conversation(c: Conversation): TemplateResult {
    const { t } = this;
    return html`<li>
      <button
        class="conv"
        type="button"
        aria-current=${c.id === this.session.currentId ? 'true' : nothing}
        @click=${() => {
          this.session.select(c.id);
          this.#showList(false);
        }}
      >
        <span>${t.conversation} · ${this.#at(c.lastMessageAt ?? c.createdAt, this.#date)}</span>
        <span>${c.status === 'open' ? t.open : t.ended}</span>
      </button>
    </li>`;
  }

  #onSubmit = (event: Event): void => {
    event.preventDefault();
    this.#submit();
  };

  #submit(): void {
    if (!this.#composer.value.trim()) return;
    this.session.send(this.#composer.value);
    this.#composer.value = '';
  }

  #startNew(): void {
    this.session.select(null);
    this.#showList(false);
  }

  #showList(list: boolean): void {
    this.#listView = list;
    this.#focusPending = true;
    this.update();
  }

  #at(iso: string, formatter: Intl.DateTimeFormat): string {
    const date = new Date(iso);
    return isNaN(date.getTime()) ? '' : formatter.format(date);
  }
}

/** A locale the browser's Intl does not know must not break the widget: fall back to its default. */
function format(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(lang, options);
  } catch {
    return new Intl.DateTimeFormat(undefined, options);
  }
}
