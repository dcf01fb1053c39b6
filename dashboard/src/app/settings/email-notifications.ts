import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { ApiError } from '../core/api/api-error';
import { EmailNotifications } from '../core/api/api.models';
import { MeApi } from '../core/api/me-api';

const CHOICES: { value: EmailNotifications; label: string }[] = [
  { value: 'all', label: 'Conversations assigned to me, and unassigned ones' },
  { value: 'assigned', label: 'Only conversations assigned to me' },
  { value: 'none', label: 'Never' },
];

/** Whether a visitor message left unread for a while is mailed to this agent. */
@Component({
  selector: 'zd-email-notifications',
  template: `
    <fieldset [disabled]="loading() || busy()" aria-describedby="pref-email-note">
      <legend>Email me about unread visitor messages</legend>
      @for (choice of choices; track choice.value) {
        <label class="radio">
          <input
            type="radio"
            name="pref-email"
            [value]="choice.value"
            [checked]="current() === choice.value"
            (change)="choose(choice.value)"
          />
          {{ choice.label }}
        </label>
      }
    </fieldset>
    <p id="pref-email-note" class="muted">
      Mail goes out when a message has waited a few minutes without any agent reading it.
    </p>
    @if (error()) {
      <p class="form-error" role="alert">{{ error() }}</p>
    }
    <p class="muted" role="status">{{ status() }}</p>
  `,
  styles: `
    fieldset {
      border: 0;
      padding: 0;
      margin: 0.75rem 0 0.25rem;
    }
    legend {
      padding: 0;
      margin-bottom: 0.35rem;
      font-weight: 600;
    }
    .radio {
      display: flex;
      align-items: baseline;
      gap: 0.5rem;
      margin: 0.3rem 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmailNotificationsPreference {
  private readonly api = inject(MeApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly choices = CHOICES;
  protected readonly current = signal<EmailNotifications | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly status = signal('Loading…');

  constructor() {
    this.api.me().then(
      (me) => {
        this.current.set(me.agent.notifications?.email ?? 'all');
        this.status.set('');
        this.loading.set(false);
      },
      (error: unknown) => {
        this.status.set('');
        this.error.set(`Your email setting could not be loaded: ${ApiError.from(error).message}`);
        this.loading.set(false);
      },
    );
  }

  protected async choose(value: EmailNotifications): Promise<void> {
    const before = this.current();
    this.current.set(value);
    this.busy.set(true);
    this.error.set('');
    this.status.set('');
    try {
      const agent = await this.api.setEmailNotifications(value);
      this.current.set(agent.notifications?.email ?? value);
      this.status.set('Saved.');
    } catch (error) {
      this.current.set(before);
      // The click checked the other radio in the page itself, behind the binding's back.
      for (const box of this.host.nativeElement.querySelectorAll<HTMLInputElement>('input')) {
        box.checked = box.value === before;
      }
      this.error.set(ApiError.from(error).message);
    } finally {
      this.busy.set(false);
    }
  }
}
