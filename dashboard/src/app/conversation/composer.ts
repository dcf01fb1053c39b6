import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  linkedSignal,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { CannedResponse } from '../core/api/api.models';
import { rankResponses } from '../canned/canned-match';
import { CannedStore } from '../canned/canned-store';
import { fillVariables, FillContext } from '../canned/canned-variables';
import { ACCEPT, ALLOWED_TYPES_TEXT } from './attachment-format';
import { AttachmentUploads } from './attachment-uploads';
import { DraftStore } from './draft-store';
import { UploadList } from './upload-list';

const TYPING_IDLE_MS = 4_000;
/** The list shows this many matches; typing more narrows it. */
const MAX_SUGGESTIONS = 8;
/** A slash at the start or after whitespace, and the word typed after it, up to the caret. */
const TRIGGER = /(^|\s)\/([^\s/]*)$/;

const CARET_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'Home', 'End']);

interface Trigger {
  /** Where the slash is in the text. */
  start: number;
  query: string;
}

/**
 * The reply box: Enter sends, Shift+Enter starts a new line; the draft survives switching.
 * A `/` at the start of a word opens the website's canned responses as a combobox list.
 */
@Component({
  selector: 'zd-composer',
  imports: [UploadList],
  templateUrl: './composer.html',
  styleUrl: './composer.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  private readonly drafts = inject(DraftStore);
  private readonly canned = inject(CannedStore);
  private readonly uploads = inject(AttachmentUploads);
  readonly conversationId = input.required<string>();
  readonly disabled = input(false);
  /** Whose canned responses the slash offers; none without a website. */
  readonly websiteId = input<string | null>(null);
  /** What the variables of an inserted response are filled from. */
  readonly fillContext = input<FillContext>({});
  readonly send = output<string>();
  readonly typing = output<boolean>();

  private readonly box = viewChild.required<ElementRef<HTMLTextAreaElement>>('box');
  protected readonly text = linkedSignal(() => this.drafts.get(this.conversationId()));
  protected readonly trigger = signal<Trigger | null>(null);
  protected readonly dropping = signal(false);
  protected readonly accept = ACCEPT;
  protected readonly allowedTypes = ALLOWED_TYPES_TEXT;
  /** The slash the agent closed the list for with Escape; it stays closed until another one. */
  private dismissedAt: number | null = null;
  protected readonly activeIndex = signal(0);
  protected readonly suggestions = computed(() => {
    const trigger = this.trigger();
    const websiteId = this.websiteId();
    if (!trigger || !websiteId) return [];
    return rankResponses(trigger.query, this.canned.of(websiteId))
      .slice(0, MAX_SUGGESTIONS)
      .map((response) => ({ response, preview: this.fill(response) }));
  });
  protected readonly listOpen = computed(() => this.trigger() !== null && !!this.websiteId());
  protected readonly activeOptionId = computed(() => {
    const active = this.suggestions()[this.activeIndex()];
    return this.listOpen() && active ? this.optionId(active.response) : null;
  });
  protected readonly loadingList = computed(() => {
    const websiteId = this.websiteId();
    return !!websiteId && !this.canned.has(websiteId);
  });
  private typingTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    // The view owning this composer tells the server about stopped typing on a switch or when it
    // goes away; here the timer only has to be forgotten.
    effect(() => {
      this.conversationId();
      untracked(() => {
        this.forgetTyping();
        this.closeList();
      });
    });
    inject(DestroyRef).onDestroy(() => this.forgetTyping());
  }

  protected optionId(response: CannedResponse): string {
    return `composer-canned-${response.id}`;
  }

  protected onInput(value: string): void {
    this.text.set(value);
    this.drafts.set(this.conversationId(), value);
    this.updateTrigger();
    if (!this.typingTimer) this.typing.emit(true);
    else clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.isComposing) return;
    if (this.listOpen() && this.handleListKey(event)) return;
    if (event.key !== 'Enter' || event.shiftKey) return;
    event.preventDefault();
    this.submit();
  }

  /** Caret moves by mouse or arrow keys outside the list change what the slash applies to. */
  protected onCaretMove(): void {
    this.updateTrigger();
  }

  protected onKeyup(event: KeyboardEvent): void {
    if (CARET_KEYS.has(event.key)) this.updateTrigger();
  }

  protected pick(response: CannedResponse): void {
    const trigger = this.trigger();
    if (!trigger) return;
    const element = this.box().nativeElement;
    const caret = element.selectionStart ?? this.text().length;
    const value = this.text();
    const filled = this.fill(response);
    const next = value.slice(0, trigger.start) + filled + value.slice(caret);
    element.value = next;
    const at = trigger.start + filled.length;
    element.setSelectionRange(at, at);
    element.focus();
    this.text.set(next);
    this.drafts.set(this.conversationId(), next);
    this.closeList();
  }

  protected submit(): void {
    const body = this.text().trim();
    if (!body || this.disabled()) return;
    this.send.emit(body);
    this.text.set('');
    this.drafts.set(this.conversationId(), '');
    this.closeList();
    this.stopTyping();
  }

  protected onFilePicked(input: HTMLInputElement): void {
    this.attach([...(input.files ?? [])]);
    input.value = '';
  }

  /** A pasted image (a screenshot) is sent as a file; pasted text stays text. */
  protected onPaste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    this.attach(files);
  }

  protected onDragOver(event: DragEvent): void {
    if (this.disabled() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dropping.set(true);
  }

  protected onDrop(event: DragEvent): void {
    this.dropping.set(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    this.attach(files);
  }

  /** Each file becomes a message; the words in the box go with the first. */
  private attach(files: File[]): void {
    if (!files.length || this.disabled()) return;
    let body = this.text().trim();
    for (const file of files) {
      this.uploads.start(this.conversationId(), file, body);
      body = '';
    }
    this.text.set('');
    this.drafts.set(this.conversationId(), '');
    this.closeList();
    this.stopTyping();
  }

  protected closeList(): void {
    this.trigger.set(null);
    this.activeIndex.set(0);
  }

  /** Returns whether the key belonged to the list. */
  private handleListKey(event: KeyboardEvent): boolean {
    const count = this.suggestions().length;
    switch (event.key) {
      case 'ArrowDown':
        if (!count) return false;
        this.activeIndex.update((i) => (i + 1) % count);
        break;
      case 'ArrowUp':
        if (!count) return false;
        this.activeIndex.update((i) => (i - 1 + count) % count);
        break;
      case 'Enter':
      case 'Tab': {
        if (event.shiftKey) return false;
        const chosen = this.suggestions()[this.activeIndex()];
        if (!chosen) return false;
        this.pick(chosen.response);
        break;
      }
      case 'Escape':
        this.dismissedAt = this.trigger()?.start ?? null;
        this.closeList();
        break;
      default:
        return false;
    }
    event.preventDefault();
    return true;
  }

  private updateTrigger(): void {
    const element = this.box().nativeElement;
    const caret = element.selectionStart ?? this.text().length;
    const match = TRIGGER.exec(this.text().slice(0, caret));
    const websiteId = this.websiteId();
    if (!match || !websiteId) {
      this.dismissedAt = null;
      this.closeList();
      return;
    }
    const start = match.index + match[1].length;
    if (start === this.dismissedAt) return;
    this.dismissedAt = null;
    const wasOpen = this.trigger() !== null;
    if (this.trigger()?.query !== match[2] || this.trigger()?.start !== start) {
      this.trigger.set({ start, query: match[2] });
      this.activeIndex.set(0);
    }
    if (!wasOpen) void this.canned.refresh(websiteId);
  }

  private fill(response: CannedResponse): string {
    return fillVariables(response.body, this.fillContext());
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
