import { html, nothing, render, svg, type TemplateResult } from 'lit/html.js';
import { adoptStyles } from '../adopt-styles';
import type { ChatHost } from '../chat-host';
import { panel as english, type PanelStrings } from '../i18n/en';
import type { Translation } from '../i18n/locale';
import type { ChatSession } from './chat-session';
import { newClientMessageId } from './client-message-id';
import { EmailForm } from './email-form';
import type { PendingMessage } from './outbox';
import type { LazyContext } from './lazy/context';
import { MAX_BODY, type Conversation, type Message } from './types';

const CLOSE_ICON = svg`<path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6Z"/>`;
const LIST_ICON = svg`<path d="M4 6h16v2H4zm0 5h16v2H4zm0 5h16v2H4z"/>`;
const SEND_ICON = svg`<path d="M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z"/>`;
const ATTACH_ICON = svg`<path d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z"/>`;

const icon = (path: unknown) => html`<svg viewBox="0 0 24 24" aria-hidden="true">${path}</svg>`;

/**
 * Renders the session into the panel with lit-html. Message bodies only ever
 * reach the DOM through text bindings, never as HTML.
 */
export class ChatPanel {
  /** One textarea for the panel's life: it keeps the draft, caret and focus across re-renders. */
  readonly #composer = document.createElement('textarea');
  readonly #picker = document.createElement('input');
  /** Features in chunks of their own, fetched the first time they are on screen. */
  readonly #files = this.#lazy(() => import('./lazy/files'));
  readonly #rater = this.#lazy(() => import('./lazy/rating'));
  readonly #uploads = this.#lazy(() => import('./lazy/uploads'));
  readonly #ctx: LazyContext;
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
    // Files: pasted into the composer, dropped onto the panel, or chosen with the attach button.
    composer.addEventListener('paste', (event) => {
      if (event.clipboardData?.files.length) {
        event.preventDefault();
        this.#attach(event.clipboardData.files);
      }
    });
    host.body.addEventListener('dragover', (event) => {
      if (this.#canAttach() && event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
    host.body.addEventListener('drop', (event) => {
      if (!event.dataTransfer?.files.length) return;
      event.preventDefault();
      if (this.#canAttach()) this.#attach(event.dataTransfer.files);
    });
    const picker = this.#picker;
    picker.type = 'file';
    picker.multiple = picker.hidden = true;
    picker.addEventListener('change', () => {
      if (picker.files) this.#attach(picker.files);
      picker.value = '';
    });
    this.#email = new EmailForm(
      session,
      () => this.t,
      () => this.update(),
      () => this.focusSoon(),
    );
    this.#ctx = {
      html,
      strings: () => this.t,
      locale: () => this.#locale,
      origin: host.apiOrigin,
      session,
      newId: newClientMessageId,
      update: () => this.update(),
    };
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
    // "Seen" goes under the visitor's last message the team has read.
    const read = conversation?.agentReadSeq ?? 0;
    let seen: string | undefined;
    for (const m of messages) if (m.sender.type === 'visitor' && m.seq <= read && !m.deletedAt) seen = m.id;
    return html`
      <ol class="log" aria-label=${t.messages}>
        ${messages.length ? nothing : html`<li class="m agent"><p class="text">${greeting}</p></li>`}
        ${messages.map((m, i) => this.#message(m, messages[i - 1], m.id === seen))}
        ${s.currentPending.map((p) => this.#pending(p))} ${this.#uploads(false)?.pending(this.#ctx, s.currentId)}
      </ol>
      ${s.typing === null ? nothing : html`<p class="typing">${t.typing(s.typing || t.agent)}</p>`}
      ${this.#email.render()}
      ${
        conversation?.status === 'closed'
          ? html`<div class="ended">
              <p>${t.closed}</p>
              ${this.#rating(conversation)}
              <button class="btn" type="button" @click=${() => this.#startNew()}>${t.startNew}</button>
            </div>`
          : html`<form class="composer" part="composer" @submit=${this.#onSubmit}>
              ${this.#picker}
              <button class="icon attach" type="button" aria-label=${t.attach} @click=${() => this.#picker.click()}>
                ${icon(ATTACH_ICON)}
              </button>
              ${this.#composer}
              <button class="send" part="send" type="submit" aria-label=${t.send}>${icon(SEND_ICON)}</button>
            </form>`
      }
    `;
  }

  #message(m: Message, previous: Message | undefined, seen: boolean): TemplateResult {
    const { t } = this;
    const type = m.sender.type;
    const showName = type === 'agent' && (previous?.sender.type !== 'agent' || previous.sender.id !== m.sender.id);
    const you = type === 'visitor' ? html`<span class="sr">${t.you}: </span>` : nothing;
    const files = m.deletedAt ? undefined : m.attachments?.length ? m.attachments : undefined;
    return html`<li class="m ${type}" part="message">
      ${showName ? html`<span class="name">${m.sender.name || t.agent}</span>` : nothing}
      ${
        // A message of files alone has no bubble of words.
        files && !m.body
          ? you
          : html`<p class="text ${m.deletedAt ? 'deleted' : ''}">${you}${m.deletedAt ? t.deleted : m.body}</p>`
      }
      ${files ? this.#files()?.renderFiles(html, files, this.#locale) : nothing}
      <span class="meta"
        ><time datetime=${m.createdAt}>${this.#at(m.createdAt, this.#time)}</time>${
          seen ? html` · <span class="seen">${t.seen}</span>` : nothing
        }</span
      >
    </li>`;
  }

  /** "How did we do?" (website setting `csatEnabled`): fetched for a closed conversation not rated yet. */
  #rating(c: Conversation) {
    return this.session.website?.csatEnabled ? this.#rater(!c.rating)?.rating(this.#ctx, c) : nothing;
  }

  #canAttach(): boolean {
    const s = this.session;
    return s.phase === 'ready' && !this.#listView && s.current?.status !== 'closed';
  }

  #attach(files: FileList): void {
    const chosen = Array.from(files);
    const conversationId = this.session.currentId;
    this.#uploads.fetch().then(
      (chunk) => chunk.attach(this.#ctx, chosen, conversationId),
      () => undefined,
    );
  }

  /**
   * A chunk of the chat's, fetched once (its styles adopted, the panel rendered again): the
   * getter answers undefined until it is here, and starts fetching it unless told `false`.
   */
  #lazy<T extends object>(load: () => Promise<T>) {
    let module: T | undefined;
    let loading: Promise<T> | undefined;
    const fetch = () =>
      (loading ??= load().then(
        (loaded) => {
          if ('styles' in loaded) adoptStyles(this.host.root, loaded.styles as string);
          this.update();
          return (module = loaded);
        },
        (error: unknown) => {
          loading = undefined; // asked again, it tries again
          throw error;
        },
      ));
    return Object.assign(
      (wanted = true) => {
        if (wanted && !loading) fetch().catch(() => undefined);
        return module;
      },
      { fetch },
    );
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
