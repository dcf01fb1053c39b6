import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Website, WidgetLocale } from '../core/api/api.models';
import { WebsiteSettingsForm } from '../core/forms/website-settings-form';

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
  readonly website = input.required<Website>();
  readonly canEdit = input(false);

  protected readonly locales = LOCALES;
  protected readonly form = inject(NonNullableFormBuilder).group({
    locale: ['auto' as WidgetLocale],
    csatEnabled: [true],
  });
  private readonly settings = new WebsiteSettingsForm(this.form, {
    website: this.website,
    canEdit: this.canEdit,
    fill: (website) => this.fill(website),
  });
  protected readonly busy = this.settings.busy;
  protected readonly error = this.settings.error;
  protected readonly saved = this.settings.saved;

  protected submit(): Promise<void> {
    return this.settings.save(() => this.form.getRawValue(), 'Language and ratings saved.');
  }

  private fill(website: Website): void {
    this.form.reset({
      locale: website.locale ?? 'auto',
      csatEnabled: website.csatEnabled ?? true,
    });
  }
}
