import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Attention, AttentionPreferences } from '../core/attention/attention';
import { EmailNotificationsPreference } from './email-notifications';

@Component({
  selector: 'zd-preferences',
  imports: [EmailNotificationsPreference],
  template: `
    <section class="page">
      <div class="card">
        <h1>Preferences</h1>
        <p class="muted">
          When the console is in a background tab, new visitor messages always show as a count in
          the tab title. You can also be alerted by:
        </p>
        <div class="option">
          <input
            id="pref-sound"
            type="checkbox"
            [checked]="attention.preferences().sound"
            (change)="toggle('sound', $any($event.target))"
          />
          <label for="pref-sound">Play a sound for new messages while the tab is hidden</label>
        </div>
        <div class="option">
          <input
            id="pref-notifications"
            type="checkbox"
            aria-describedby="pref-notifications-note"
            [checked]="attention.preferences().notifications"
            (change)="toggle('notifications', $any($event.target))"
          />
          <label for="pref-notifications"
            >Show a browser notification for new messages while the tab is hidden</label
          >
        </div>
        <p id="pref-notifications-note" class="muted" role="status">{{ note() }}</p>
      </div>
      <div class="card">
        <h2>Email notifications</h2>
        <zd-email-notifications />
      </div>
    </section>
  `,
  styles: `
    .card + .card {
      margin-top: 1rem;
    }
    h2 {
      font-size: 1.1rem;
    }
    .option {
      display: flex;
      gap: 0.6rem;
      align-items: center;
      margin: 0.75rem 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Preferences {
  protected readonly attention = inject(Attention);
  protected readonly note = signal('');

  protected async toggle(key: keyof AttentionPreferences, box: HTMLInputElement): Promise<void> {
    const on = box.checked;
    const saved = await this.attention.update({ [key]: on });
    box.checked = saved[key];
    this.note.set(
      key === 'notifications' && on && !saved.notifications
        ? 'The browser did not allow notifications. Allow them for this site in its settings.'
        : 'Saved.',
    );
  }
}
