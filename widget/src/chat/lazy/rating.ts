// A chunk of its own, fetched once a closed conversation asks for a rating (website setting
// `csatEnabled`). Imports nothing at run time, so it shares no chunk with the chat.
import type { TemplateResult } from 'lit/html.js';
import type { Conversation } from '../types';
import type { LazyContext } from './context';

export { ratingStyles as styles } from './rating.styles';

const SCORES = [1, 2, 3, 4, 5];

/** Per chat and conversation, its form: a half-filled one survives re-renders, a sent one says thanks. */
const all = new WeakMap<LazyContext, Map<string, RatingForm>>();

/** "How did we do?" under a closed conversation not yet rated; thanks once this page rated it. */
export function rating(ctx: LazyContext, conversation: Conversation): TemplateResult | string {
  let forms = all.get(ctx);
  if (!forms) all.set(ctx, (forms = new Map()));
  let form = forms.get(conversation.id);
  if (conversation.rating && !form?.done) return ''; // rated before, here or elsewhere: asked once
  if (!form) forms.set(conversation.id, (form = new RatingForm(ctx, conversation)));
  return form.render();
}

/** A score of 1–5 and an optional comment, sent once (POST …/rating); then thanks. */
export class RatingForm {
  #score = 0;
  #state: '' | 'sending' | 'failed' | 'done' = '';
  /** One textarea for the form's life: it keeps the comment across re-renders. */
  readonly #comment = document.createElement('textarea');

  constructor(
    private readonly ctx: LazyContext,
    private readonly conversation: Conversation,
  ) {
    this.#comment.rows = 2;
    this.#comment.maxLength = 1000;
    this.#comment.dir = 'auto';
  }

  get done(): boolean {
    return this.#state === 'done';
  }

  render(): TemplateResult {
    const { html } = this.ctx;
    const t = this.ctx.strings();
    if (this.done) return html`<p class="rated" role="status">${t.rateThanks}</p>`;
    this.#comment.placeholder = t.rateComment;
    this.#comment.setAttribute('aria-label', t.rateComment);
    const sending = this.#state === 'sending';
    return html`<form class="rate" @submit=${this.#onSubmit}>
      <p class="ask" id="zendo-rate">${t.rateTitle}</p>
      <div class="stars" role="group" aria-labelledby="zendo-rate">
        ${SCORES.map(
          (n) =>
            html`<button
              class="star"
              type="button"
              aria-pressed=${n === this.#score ? 'true' : 'false'}
              aria-label=${t.rateScore(n)}
              @click=${() => this.#choose(n)}
            >
              ${n <= this.#score ? '★' : '☆'}
            </button>`,
        )}
      </div>
      ${this.#comment}
      <button class="btn" type="submit" ?disabled=${!this.#score || sending}>
        ${sending ? t.sending : t.rateSend}
      </button>
      ${this.#state === 'failed' ? html`<p class="error" role="alert">${t.rateFailed}</p>` : ''}
    </form>`;
  }

  #choose(score: number): void {
    this.#score = score;
    this.ctx.update();
  }

  #onSubmit = (event: Event): void => {
    event.preventDefault();
    if (!this.#score || this.#state === 'sending') return;
    this.#state = 'sending';
    this.ctx.update();
    this.#send(this.#score, this.#comment.value.trim())
      .then(
        () => (this.#state = 'done'),
        () => (this.#state = 'failed'),
      )
      .finally(() => this.ctx.update());
  };

  /** Stored → the conversation with its rating. Rated already (another tab): quietly done too. */
  async #send(score: number, comment: string): Promise<void> {
    const { ctx, conversation } = this;
    const response = await fetch(
      `${ctx.origin}/api/v1/widget/conversations/${encodeURIComponent(conversation.id)}/rating`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Visitor-Token': ctx.session.visitorToken },
        body: JSON.stringify(comment ? { score, comment } : { score }),
        credentials: 'omit',
      },
    );
    const answer = (await response.json().catch(() => null)) as {
      conversation?: Conversation;
      error?: { code?: string };
    } | null;
    if (response.ok && answer?.conversation) ctx.session.updated(answer.conversation);
    else if (answer?.error?.code === 'ALREADY_RATED')
      ctx.session.updated({ ...conversation, rating: conversation.rating ?? { score, comment, at: '' } });
    else throw new Error(answer?.error?.code ?? `HTTP_${response.status}`);
  }
}
