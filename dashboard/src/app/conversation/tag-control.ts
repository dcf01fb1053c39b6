import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { ApiError } from '../core/api/api-error';
import { Conversation, InboxConversation } from '../core/api/api.models';
import { TagsApi } from '../tags/tags-api';
import { TagsStore } from '../tags/tags-store';

/**
 * Applies and removes a conversation's tags. A name typed that is not in the catalogue is created
 * first (any member may), so the tag exists before the conversation refers to it.
 */
@Component({
  selector: 'zd-tag-control',
  template: `
    <div class="tags" role="group" aria-label="Conversation tags">
      <ul class="applied" aria-label="Applied tags">
        @for (tag of conversation().tags; track tag) {
          <li class="chip" [style.--chip-color]="color(tag)">
            <span>{{ tag }}</span>
            <button
              type="button"
              class="remove"
              [attr.aria-label]="'Remove tag ' + tag"
              [disabled]="busy()"
              (click)="remove(tag)"
            >
              ×
            </button>
          </li>
        }
      </ul>
      <form class="add" (submit)="$event.preventDefault(); add()">
        <label for="tag-control-input" class="visually-hidden">Add a tag</label>
        <input
          id="tag-control-input"
          list="tag-control-options"
          maxlength="40"
          autocomplete="off"
          placeholder="Add a tag"
          aria-describedby="tag-control-error"
          [value]="draft()"
          [disabled]="busy()"
          (input)="draft.set($any($event.target).value)"
        />
        <datalist id="tag-control-options">
          @for (tag of available(); track tag.id) {
            <option [value]="tag.name"></option>
          }
        </datalist>
        <button type="submit" class="secondary" [disabled]="busy() || !draft().trim()">
          {{ creating() ? 'Create and add tag' : 'Add tag' }}
        </button>
      </form>
      <p id="tag-control-error" class="form-error" role="alert">{{ error() }}</p>
    </div>
  `,
  styles: `
    .tags {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4rem;
    }
    .applied {
      display: contents;
      list-style: none;
    }
    .chip {
      --chip-color: var(--zd-muted);
      display: inline-flex;
      align-items: center;
      gap: 0.2rem;
      padding-left: 0.5rem;
      border: 1px solid var(--chip-color);
      border-left-width: 0.4rem;
      border-radius: 999px;
      font-size: 0.8rem;
    }
    .remove {
      border: 0;
      background: none;
      color: inherit;
      padding: 0 0.4rem;
      min-height: 0;
      cursor: pointer;
    }
    .add {
      display: inline-flex;
      gap: 0.3rem;
    }
    .add input {
      width: 9rem;
    }
    .form-error:empty {
      display: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TagControl {
  private readonly api = inject(TagsApi);
  private readonly store = inject(TagsStore);
  readonly conversation = input.required<Conversation | InboxConversation>();
  readonly updated = output<Conversation>();

  protected readonly draft = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  private readonly catalogue = computed(() => this.store.of(this.conversation().websiteId));
  protected readonly available = computed(() => {
    const applied = new Set(this.conversation().tags.map((t) => t.toLowerCase()));
    return this.catalogue().filter((t) => !applied.has(t.name.toLowerCase()));
  });
  protected readonly creating = computed(() => {
    const name = this.draft().trim().toLowerCase();
    return !!name && !this.catalogue().some((t) => t.name.toLowerCase() === name);
  });

  constructor() {
    effect(() => {
      const websiteId = this.conversation().websiteId;
      untracked(() => void this.store.ensure(websiteId).catch(() => undefined));
    });
  }

  protected color(name: string): string | null {
    return this.store.colorOf(this.conversation().websiteId, name);
  }

  protected async add(): Promise<void> {
    const typed = this.draft().trim();
    if (!typed) return;
    const conversation = this.conversation();
    if (conversation.tags.some((t) => t.toLowerCase() === typed.toLowerCase())) {
      this.draft.set('');
      return;
    }
    await this.run(async () => {
      let name = this.catalogue().find((t) => t.name.toLowerCase() === typed.toLowerCase())?.name;
      if (!name) {
        try {
          name = (await this.store.create(conversation.websiteId, typed, null)).name;
        } catch (error) {
          // Created meanwhile by someone else: the catalogue has it now.
          if (ApiError.from(error).code !== 'TAG_TAKEN') throw error;
          const fresh = await this.store.load(conversation.websiteId);
          name = fresh.find((t) => t.name.toLowerCase() === typed.toLowerCase())?.name;
          if (!name) throw error;
        }
      }
      await this.save([...conversation.tags, name]);
      this.draft.set('');
    });
  }

  protected async remove(tag: string): Promise<void> {
    await this.run(() => this.save(this.conversation().tags.filter((t) => t !== tag)));
  }

  private async save(tags: string[]): Promise<void> {
    const conversation = await this.api.setOnConversation(this.conversation().id, tags);
    this.updated.emit(conversation);
    // Counts in the catalogue changed with it.
    this.store.load(conversation.websiteId).catch(() => undefined);
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      await work();
    } catch (error) {
      this.error.set(ApiError.from(error).message);
    } finally {
      this.busy.set(false);
    }
  }
}
