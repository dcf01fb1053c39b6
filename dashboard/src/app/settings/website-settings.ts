import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Website, WidgetPosition } from '../core/api/api.models';
import { FieldError } from '../core/forms/field-error';
import { applyServerErrors } from '../core/forms/server-errors';
import { WebsitesStore } from '../core/websites/websites-store';
import { originsValidator, parseOrigins } from './allowed-origins';
import { AssignmentSettings } from './assignment-settings';
import { BusinessHoursSettings } from './business-hours-settings';
import { EmbedSnippet } from './embed-snippet';
import { VisitorSettings } from './visitor-settings';

@Component({
  selector: 'zd-website-settings',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    FieldError,
    EmbedSnippet,
    AssignmentSettings,
    BusinessHoursSettings,
    VisitorSettings,
  ],
  templateUrl: './website-settings.html',
  styleUrl: './website-settings.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebsiteSettings {
  private readonly websites = inject(WebsitesStore);
  readonly websiteId = input.required<string>();

  protected readonly website = computed(
    () => this.websites.websites().find((w) => w.id === this.websiteId()) ?? null,
  );
  protected readonly canEdit = computed(() => this.website()?.role !== 'agent');
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly saved = signal('');
  protected readonly positions: { value: WidgetPosition; label: string }[] = [
    { value: 'right', label: 'Bottom right' },
    { value: 'left', label: 'Bottom left' },
  ];
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    allowedOrigins: ['', originsValidator],
    settings: this.fb.group({
      color: ['#2563eb', Validators.pattern(/^#[0-9a-fA-F]{6}$/)],
      greeting: ['', Validators.maxLength(500)],
      position: ['right' as WidgetPosition],
    }),
  });

  constructor() {
    // Refill the form only when another website is shown, never while the agent is editing.
    effect(() => {
      this.websiteId();
      untracked(() => {
        const website = this.website();
        if (website) this.fill(website);
        this.saved.set('');
        this.error.set('');
      });
    });
    effect(() => {
      if (this.canEdit()) this.form.enable();
      else this.form.disable();
    });
  }

  protected async submit(): Promise<void> {
    const website = this.website();
    if (!website || this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set('');
    this.saved.set('');
    try {
      const { name, allowedOrigins, settings } = this.form.getRawValue();
      const updated = await this.websites.update(website.id, {
        name: name.trim(),
        allowedOrigins: parseOrigins(allowedOrigins),
        settings: { ...settings, color: settings.color.toLowerCase() },
      });
      this.fill(updated);
      this.saved.set('Changes saved.');
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.busy.set(false);
    }
  }

  private fill(website: Website): void {
    this.form.reset({
      name: website.name,
      allowedOrigins: website.allowedOrigins.join('\n'),
      settings: {
        color: website.settings?.color ?? '#2563eb',
        greeting: website.settings?.greeting ?? '',
        position: website.settings?.position ?? 'right',
      },
    });
  }
}
