import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { FieldError } from '../core/forms/field-error';
import { applyServerErrors } from '../core/forms/server-errors';
import { Realtime } from '../core/realtime/realtime';
import { WebsitesStore } from '../core/websites/websites-store';
import { originsValidator, parseOrigins } from './allowed-origins';

@Component({
  selector: 'zd-website-create',
  imports: [ReactiveFormsModule, FieldError],
  template: `
    <section class="page">
      <div class="card">
        <h1>Add a website</h1>
        @if (!websites.websites().length) {
          <p class="muted">Create your first website to get a chat widget to put on it.</p>
        }
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          @if (error()) {
            <p class="form-error" role="alert">{{ error() }}</p>
          }
          <div class="field">
            <label for="create-name">Website name</label>
            <input id="create-name" formControlName="name" aria-describedby="create-name-error" />
            <zd-field-error
              id="create-name-error"
              [control]="form.controls.name"
              label="website name"
            />
          </div>
          <div class="field">
            <label for="create-origins">Allowed origins</label>
            <textarea
              id="create-origins"
              rows="3"
              formControlName="allowedOrigins"
              aria-describedby="create-origins-hint create-origins-error"
            ></textarea>
            <span class="hint" id="create-origins-hint"
              >One per line, like https://example.com. Leave empty to allow any site.</span
            >
            <zd-field-error id="create-origins-error" [control]="form.controls.allowedOrigins" />
          </div>
          <button type="submit" [disabled]="busy()">Create website</button>
        </form>
      </div>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebsiteCreate {
  private readonly router = inject(Router);
  private readonly realtime = inject(Realtime);
  protected readonly websites = inject(WebsitesStore);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    allowedOrigins: ['', originsValidator],
  });

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      const { name, allowedOrigins } = this.form.getRawValue();
      const website = await this.websites.create(name.trim(), parseOrigins(allowedOrigins));
      // The socket joined its rooms at connect time; this website's room is new.
      this.realtime.rejoin();
      await this.router.navigate(['/w', website.id, 'settings']);
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.busy.set(false);
    }
  }
}
