import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  untracked,
} from '@angular/core';
import { DraftStore } from './draft-store';

const TYPING_IDLE_MS = 4_000;

/** The reply box: Enter sends, Shift+Enter starts a new line; the draft survives switching. */
@Component({
  selector: 'zd-composer',
  templateUrl: './composer.html',
  styleUrl: './composer.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  private readonly drafts = inject(DraftStore);
  readonly conversationId = input.required<string>();
  readonly disabled = input(false);
  readonly send = output<string>();
  readonly typing = output<boolean>();

  protected readonly text = linkedSignal(() => this.drafts.get(this.conversationId()));
  private typingTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    // The view owning this composer tells the server about stopped typing on a switch or when it
    // goes away; here the timer only has to be forgotten.
    effect(() => {
      this.conversationId();
      untracked(() => this.forgetTyping());
    });
    inject(DestroyRef).onDestroy(() => this.forgetTyping());
  }

  protected onInput(value: string): void {
    this.text.set(value);
    this.drafts.set(this.conversationId(), value);
    if (!this.typingTimer) this.typing.emit(true);
    else clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  protected onKeydown(event: KeyboardEvent): void {
    // isComposing: Enter that confirms an IME candidate must not send a half-typed word.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.submit();
  }

  protected submit(): void {
    const body = this.text().trim();
    if (!body || this.disabled()) return;
    this.send.emit(body);
    this.text.set('');
    this.drafts.set(this.conversationId(), '');
    this.stopTyping();
  }

  private stopTyping(): void {
    if (!this.typingTimer) return;
    this.forgetTyping();
    this.typing.emit(false);
  }

  private forgetTyping(): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = null;
  }
}
