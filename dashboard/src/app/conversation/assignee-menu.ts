import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
  viewChild,
  viewChildren,
} from '@angular/core';
import { Presence } from '../core/api/api.models';
import { PresenceDot } from '../core/team/presence-dot';

export interface AssigneeOption {
  /** null is "nobody". */
  agentId: string | null;
  label: string;
  status: Presence | null;
}

/**
 * "Assign…" opens a list of the people a conversation may be given to. Arrow keys, Home and End
 * move through it; Escape, a click elsewhere or leaving it with Tab closes it.
 */
@Component({
  selector: 'zd-assignee-menu',
  imports: [PresenceDot],
  template: `
    <button
      #toggle
      type="button"
      class="secondary"
      aria-controls="assignee-options"
      [attr.aria-expanded]="open()"
      [disabled]="disabled()"
      (click)="toggleOpen()"
    >
      Assign…
    </button>
    @if (open()) {
      <ul id="assignee-options" aria-label="Assign to">
        @for (option of options(); track option.agentId) {
          <li>
            <button
              #option
              type="button"
              (keydown)="onKeydown($event)"
              (click)="pick(option.agentId)"
            >
              {{ option.label }}
              @if (option.status; as status) {
                <zd-presence-dot [status]="status" />
              }
            </button>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-block;
    }
    ul {
      position: absolute;
      right: 0;
      z-index: 2;
      min-width: 14rem;
      max-height: 18rem;
      overflow-y: auto;
      margin: 0.25rem 0 0;
      padding: 0.25rem 0;
      list-style: none;
      background: var(--zd-surface);
      border: 1px solid var(--zd-border);
      border-radius: 0.4rem;
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
    }
    li button {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      width: 100%;
      text-align: left;
      border: 0;
      border-radius: 0;
      background: transparent;
      color: inherit;
    }
    li button:hover,
    li button:focus-visible {
      background: var(--zd-selected);
    }
    zd-presence-dot {
      order: -1;
    }
  `,
  host: { '(focusout)': 'onFocusOut($event)', '(document:click)': 'onDocumentClick($event)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssigneeMenu {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly options = input.required<AssigneeOption[]>();
  readonly disabled = input(false);
  readonly choose = output<string | null>();

  private readonly toggle = viewChild.required<ElementRef<HTMLButtonElement>>('toggle');
  private readonly buttons = viewChildren<ElementRef<HTMLButtonElement>>('option');
  protected readonly open = signal(false);

  protected toggleOpen(): void {
    if (this.open()) {
      this.open.set(false);
      return;
    }
    this.open.set(true);
    afterNextRender(() => this.buttons()[0]?.nativeElement.focus(), { injector: this.injector });
  }

  protected pick(agentId: string | null): void {
    this.close();
    this.choose.emit(agentId);
  }

  protected onKeydown(event: KeyboardEvent): void {
    const buttons = this.buttons().map((b) => b.nativeElement);
    const current = buttons.indexOf(event.target as HTMLButtonElement);
    const last = buttons.length - 1;
    let next: number;
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        this.close();
        return;
      case 'ArrowDown':
        next = current >= last ? 0 : current + 1;
        break;
      case 'ArrowUp':
        next = current <= 0 ? last : current - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    buttons[next]?.focus();
  }

  protected onFocusOut(event: FocusEvent): void {
    const to = event.relatedTarget as Node | null;
    if (this.open() && to && !this.host.nativeElement.contains(to)) this.open.set(false);
  }

  protected onDocumentClick(event: MouseEvent): void {
    if (this.open() && !this.host.nativeElement.contains(event.target as Node)) {
      this.open.set(false);
    }
  }

  /** Closes and gives focus back to the toggle, so the keyboard user is where they started. */
  private close(): void {
    this.open.set(false);
    this.toggle().nativeElement.focus();
  }
}
