import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Presence } from '../api/api.models';

const LABELS: Record<Presence, string> = { online: 'online', away: 'away', offline: 'offline' };

/**
 * A member's status as a dot, told apart by shape as well as colour (filled, ring, hollow), with
 * the word for screen readers.
 */
@Component({
  selector: 'zd-presence-dot',
  template: `<span class="dot" [class]="status()" aria-hidden="true" [title]="label()"></span
    ><span class="visually-hidden"> ({{ label() }})</span>`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
    }
    .dot {
      display: inline-block;
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      border: 2px solid #9ca3af;
      background: transparent;
    }
    .online {
      border-color: #15803d;
      background: #22c55e;
    }
    .away {
      border-color: #b45309;
      background: linear-gradient(90deg, #f59e0b 50%, transparent 50%);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PresenceDot {
  readonly status = input.required<Presence>();
  protected readonly label = computed(() => LABELS[this.status()]);
}
