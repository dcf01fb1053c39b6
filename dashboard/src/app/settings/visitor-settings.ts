import {
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Website, WidgetLocale } from '../core/api/api.models';
import { applyServerErrors } from '../core/forms/server-errors';
import { WebsitesStore } from '../core/websites/websites-store';

/** Each language named in itself, as a visitor would look for it. */
export const LOCALES: { value: WidgetLocale; label: string; lang?: string }[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'en', label: 'English', lang: 'en' },
  { value: 'de', label: 'Deutsch', lang: 'de' },
  { value: 'fr', label: 'Français', lang: 'fr' },
  { value: 'es', label: 'Español', lang: 'es' },
  { value: 'pt-BR', label: 'Português (Brasil)', lang: 'pt-BR' },
  { value: 'ar', label: 'العربية', lang: 'ar' },
];

/** What visitors meet in the widget: its language, and whether closed chats ask for a rating. */
@Component({
  selector: 'zd-visitor-settings',
  imports: [ReactiveFormsModule],
  template: `
    <h2>Language and ratings</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      @if (error()) {
        <p class="form-error" role="alert">{{ error() }}</p>
      }
      <div class="field">
        <label for="site-locale">Widget language</label>
        <select id="site-locale" formControlName="locale" aria-describedby="site-locale-hint">
          @for (locale of locales; track locale.value) {
            <option [value]="locale.value" [attr.lang]="locale.lang ?? null">
              {{ locale.label }}
            </option>
          }
        </select>
        <span class="hint" id="site-locale-hint"
          >Automatic follows each visitor’s browser and falls back to English.</span
        >
      </div>
      <label class="check">
        <input type="checkbox" formControlName="csatEnabled" />
        Ask visitors to rate closed conversations
      </label>
      <button type="submit" [disabled]="busy() || !canEdit()">Save language and ratings</button>
      <span class="saved" role="status">{{ saved() }}</span>
    </form>
  `,
  styles: `
    .check {
      display: flex;
      align-items: baseline;
      gap: 0.4rem;
      margin: 0 0 0.9rem;
    }
    .saved {
      margin-left: 0.75rem;
      color: var(--zd-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VisitorSettings {
  private readonly websites = inject(WebsitesStore);
  readonly website = input.required<Website>();
  readonly canEdit = input(false);

  protected readonly locales = LOCALES;
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly saved = signal('');
  protected readonly form = inject(NonNullableFormBuilder).group({
    locale: ['auto' as WidgetLocale],
    csatEnabled: [true],
  });
  private shownId: string | null = null;

  constructor() {
    // A newer copy of the same website fills the form only while it is untouched.
    effect(() => {
      const website = this.website();
      untracked(() => {
        if (website.id !== this.shownId || this.form.pristine) this.fill(website);
        if (website.id !== this.shownId) {
          this.saved.set('');
          this.error.set('');
        }
        this.shownId = website.id;
      });
    });
    effect(() => {
      if (this.canEdit()) this.form.enable();
      else this.form.disable();
    });
  }

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    this.saved.set('');
    try {
      const { locale, csatEnabled } = this.form.getRawValue();
      const updated = await this.websites.update(this.website().id, { locale, csatEnabled });
      this.fill(updated);
      this.saved.set('Language and ratings saved.');
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.busy.set(false);
    }
  }

  private fill(website: Website): void {
    this.form.reset({
      locale: website.locale ?? 'auto',
      csatEnabled: website.csatEnabled ?? true,
    });
  }
}
