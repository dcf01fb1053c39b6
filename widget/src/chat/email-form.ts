import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { PanelStrings } from '../i18n/en';
import type { ChatSession } from './chat-session';
import { isEmailAddress, MAX_EMAIL } from './email-address';
import { WidgetApiError } from './widget-api';

/**
 * While nobody is online: "leave your email so we can answer by mail". Stored
 * on the visitor (`PATCH /widget/visitor {email}`, as `Zendo.identify` does);
 * typos are caught here, a refusal by the server is said politely.
 */
export class EmailForm {
  /** One input for the form's life: it keeps what was typed across re-renders. */
  readonly #input = document.createElement('input');
  #saving = false;
  #saved: string | null = null;
  #error: string | null = null;

  constructor(
    private readonly session: ChatSession,
    private readonly strings: () => PanelStrings,
    private readonly changed: () => void,
    /** The address is stored and the form gone: focus belongs elsewhere. */
    private readonly done: () => void,
  ) {
    const input = this.#input;
    input.type = 'email';
    input.id = 'zendo-email';
    input.autocomplete = 'email';
    input.maxLength = MAX_EMAIL;
    // Addresses read left to right, also in a right-to-left panel.
    input.dir = 'ltr';
  }

  render(): TemplateResult | typeof nothing {
    const { session, strings } = this;
    const t = strings();
    if (!session.away) return nothing;
    if (this.#saved !== null) return html`<p class="saved" role="status">${t.emailSaved(this.#saved)}</p>`;
    if (session.visitor?.email) return nothing;
    return html`<form class="email" novalidate @submit=${this.#submit}>
      <label for="zendo-email">${t.emailPrompt}</label>
      <div class="row">
        ${this.#input}
        <button class="btn" type="submit" ?disabled=${this.#saving}>
          ${this.#saving ? t.emailSaving : t.emailSave}
        </button>
      </div>
      ${this.#error === null ? nothing : html`<p class="error" id="zendo-email-error" role="alert">${this.#error}</p>`}
    </form>`;
  }

  #submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (this.#saving) return;
    const email = this.#input.value.trim();
    const t = this.strings();
    if (!isEmailAddress(email)) return this.#fail(t.emailInvalid);
    this.#saving = true;
    this.#show(null);
    try {
      await this.session.identify({ email });
      this.#saved = email;
      this.#saving = false;
      this.changed();
      this.done();
    } catch (error) {
      this.#saving = false;
      this.#fail(error instanceof WidgetApiError && error.status === 400 ? t.emailRefused : t.emailFailed);
    }
  };

  #fail(message: string): void {
    this.#show(message);
    this.#input.focus();
  }

  #show(error: string | null): void {
    this.#error = error;
    if (error === null) {
      this.#input.removeAttribute('aria-invalid');
      this.#input.removeAttribute('aria-describedby');
    } else {
      this.#input.setAttribute('aria-invalid', 'true');
      this.#input.setAttribute('aria-describedby', 'zendo-email-error');
    }
    this.changed();
  }
}
