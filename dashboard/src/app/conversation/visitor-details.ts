import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { Autofocus } from '../core/a11y/autofocus';
import { ApiError } from '../core/api/api-error';
import { InboxConversation } from '../core/api/api.models';
import { VisitorData } from './visitor-data';

@Component({
  selector: 'zd-visitor-details',
  imports: [DatePipe, Autofocus],
  template: `
    @let visitor = conversation().visitor;
    <h2 id="visitor-details-title">Visitor</h2>
    <dl>
      @if (visitor.name) {
        <dt>Name</dt>
        <dd>{{ visitor.name }}</dd>
      }
      @if (visitor.email) {
        <dt>Email</dt>
        <dd>
          <a [href]="'mailto:' + visitor.email">{{ visitor.email }}</a>
        </dd>
      }
      @if (!visitor.name && !visitor.email) {
        <dt>Identity</dt>
        <dd class="muted">Not identified yet</dd>
      }
      <dt>Visitor id</dt>
      <dd class="id">{{ visitor.id }}</dd>
      <dt>First seen</dt>
      <dd>
        <time [attr.datetime]="visitor.createdAt">{{ visitor.createdAt | date: 'medium' }}</time>
      </dd>
      <dt>Conversation started</dt>
      <dd>
        <time [attr.datetime]="conversation().createdAt">{{
          conversation().createdAt | date: 'medium'
        }}</time>
      </dd>
      @if (conversation().tags.length) {
        <dt>Tags</dt>
        <dd>{{ conversation().tags.join(', ') }}</dd>
      }
      @if (conversation().pageUrl; as pageUrl) {
        <dt>Page</dt>
        <dd>
          @if (webPage()) {
            <a [href]="pageUrl" target="_blank" rel="noopener noreferrer">{{ pageUrl }}</a>
          } @else {
            {{ pageUrl }}
          }
        </dd>
      }
    </dl>
    @if (manager()) {
      <section class="data" aria-labelledby="visitor-data-title">
        <h3 id="visitor-data-title">Visitor data</h3>
        <button type="button" class="secondary" [disabled]="busy()" (click)="exportData()">
          Export data
        </button>
        @if (confirmingErase()) {
          <div class="confirm" role="alertdialog" aria-labelledby="erase-question">
            <p id="erase-question">
              Erase this visitor? Their name, email and the text of every message they sent are
              removed for good, in every conversation; their conversations stay, emptied. Their
              widget session stops working. This cannot be undone.
            </p>
            <button type="button" class="danger" [disabled]="busy()" (click)="erase()">
              Erase for good
            </button>
            <button
              type="button"
              class="secondary"
              zdAutofocus
              (click)="confirmingErase.set(false)"
            >
              Cancel
            </button>
          </div>
        } @else {
          <button type="button" class="secondary danger-text" (click)="askErase()">
            Erase visitor
          </button>
        }
        <p class="outcome" [attr.role]="failed() ? 'alert' : 'status'">{{ outcome() }}</p>
      </section>
    }
  `,
  styles: `
    :host {
      display: block;
      padding: 1rem;
    }
    h2 {
      font-size: 1rem;
    }
    dl {
      margin: 0;
    }
    dt {
      font-size: 0.8rem;
      color: var(--zd-muted);
      margin-top: 0.6rem;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .id {
      font-family: ui-monospace, monospace;
      font-size: 0.85rem;
    }
    .data {
      display: grid;
      gap: 0.5rem;
      margin-top: 1.25rem;
      justify-items: start;
    }
    h3 {
      font-size: 0.9rem;
      margin: 0;
    }
    .confirm p {
      margin: 0 0 0.5rem;
    }
    .danger {
      background: var(--zd-danger);
      border-color: var(--zd-danger);
      margin-right: 0.4rem;
    }
    .danger-text {
      color: var(--zd-danger);
    }
    .outcome {
      margin: 0;
      font-size: 0.9rem;
    }
  `,
  host: { role: 'complementary', 'aria-labelledby': 'visitor-details-title' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VisitorDetails {
  private readonly data = inject(VisitorData);
  readonly conversation = input.required<InboxConversation>();
  /** Owners and admins export and erase visitors. */
  readonly manager = input(false);
  readonly erased = output<void>();
  protected readonly busy = signal(false);
  protected readonly confirmingErase = signal(false);
  protected readonly outcome = signal('');
  protected readonly failed = signal(false);
  /** Only web pages become links; anything else the widget reported is shown as text. */
  protected readonly webPage = computed(() =>
    /^https?:\/\//i.test(this.conversation().pageUrl ?? ''),
  );

  protected async exportData(): Promise<void> {
    const { websiteId, visitor } = this.conversation();
    await this.run(async () => {
      await this.data.download(websiteId, visitor.id);
      this.outcome.set('Export downloaded.');
    });
  }

  protected askErase(): void {
    this.outcome.set('');
    this.confirmingErase.set(true);
  }

  protected async erase(): Promise<void> {
    const { websiteId, visitor } = this.conversation();
    await this.run(async () => {
      await this.data.erase(websiteId, visitor.id);
      this.confirmingErase.set(false);
      this.outcome.set('Visitor erased.');
      this.erased.emit();
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.failed.set(false);
    this.outcome.set('');
    try {
      await action();
    } catch (error) {
      this.failed.set(true);
      this.outcome.set(ApiError.from(error).message);
    } finally {
      this.busy.set(false);
    }
  }
}
