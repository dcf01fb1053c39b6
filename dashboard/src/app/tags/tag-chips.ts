import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { TagsStore } from './tags-store';

/**
 * A conversation's tags as small coloured chips, in the catalogue's colours when known. Plain
 * phrasing content, so it may sit inside a button (an inbox row).
 */
@Component({
  selector: 'zd-tag-chips',
  template: `
    @if (tags().length) {
      <span class="chips">
        <span class="visually-hidden">{{ label() }}: </span>
        @for (tag of tags(); track tag; let last = $last) {
          <span class="chip" [style.--chip-color]="color(tag)">{{ tag }}</span>
          @if (!last) {
            <span class="visually-hidden">, </span>
          }
        }
      </span>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    .chips {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .chip {
      --chip-color: var(--zd-muted);
      display: inline-flex;
      align-items: center;
      gap: 0.25rem;
      padding: 0 0.45rem;
      border: 1px solid var(--chip-color);
      border-radius: 999px;
      font-size: 0.75rem;
      line-height: 1.4rem;
      color: var(--zd-text);
      background: var(--zd-surface);
    }
    .chip::before {
      content: '';
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
      background: var(--chip-color);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TagChips {
  private readonly store = inject(TagsStore);
  readonly tags = input.required<string[]>();
  readonly websiteId = input<string | null>(null);
  readonly label = input('Tags');

  protected color(name: string): string | null {
    const websiteId = this.websiteId();
    return websiteId ? this.store.colorOf(websiteId, name) : null;
  }
}
