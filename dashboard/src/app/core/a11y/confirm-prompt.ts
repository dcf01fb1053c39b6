import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { Autofocus } from './autofocus';

let nextId = 0;

/**
 * The one way the console asks "are you sure?" before something that cannot be undone: the
 * question (projected), a danger button and the safe choice, which takes focus so a stray Enter
 * keeps things as they are. Shown in place of the button that asked.
 */
@Component({
  selector: 'zd-confirm',
  imports: [Autofocus],
  template: `
    <div class="confirm" role="alertdialog" [attr.aria-labelledby]="questionId">
      <p [id]="questionId"><ng-content /></p>
      <button type="button" class="danger" [disabled]="busy()" (click)="confirmed.emit()">
        {{ confirmLabel() }}
      </button>
      <button type="button" class="secondary cancel" zdAutofocus (click)="cancelled.emit()">
        {{ cancelLabel() }}
      </button>
    </div>
  `,
  styles: `
    :host {
      display: block;
      flex-basis: 100%;
    }
    .confirm {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    p {
      flex-basis: 100%;
      margin: 0;
    }
    .danger {
      background: var(--zd-danger);
      border-color: var(--zd-danger);
    }
    :host(.compact) {
      font-size: 0.85rem;
    }
    :host(.compact) button {
      padding: 0.2rem 0.6rem;
    }
    :host(.boxed) .confirm {
      padding: 0.75rem;
      border: 1px solid var(--zd-danger);
      border-radius: 0.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmPrompt {
  readonly confirmLabel = input.required<string>();
  readonly cancelLabel = input('Cancel');
  /** While the confirmed action runs: the danger button waits, the safe one stays usable. */
  readonly busy = input(false);
  readonly confirmed = output<void>();
  readonly cancelled = output<void>();
  protected readonly questionId = `zd-confirm-${++nextId}`;
}
