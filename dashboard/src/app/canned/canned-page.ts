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
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { ApiError } from '../core/api/api-error';
import { CannedResponse } from '../core/api/api.models';
import { FieldError } from '../core/forms/field-error';
import { applyServerErrors } from '../core/forms/server-errors';
import { canManage } from '../core/team/roles';
import { WebsitesStore } from '../core/websites/websites-store';
import { CannedApi } from './canned-api';
import { rankResponses } from './canned-match';
import { CannedStore } from './canned-store';
import { ConfirmPrompt } from '../core/a11y/confirm-prompt';

function shortcutValidator(control: AbstractControl<string>): ValidationErrors | null {
  const value = control.value.trim();
  if (!value) return null;
  return /^[A-Za-z0-9_-]{1,32}$/.test(value)
    ? null
    : { shortcut: 'Use 1–32 letters, digits, _ or - (no spaces or slash).' };
}

/** The website's canned responses: everyone reads them, owners and admins write them. */
@Component({
  selector: 'zd-canned-page',
  imports: [ReactiveFormsModule, FieldError, ConfirmPrompt],
  templateUrl: './canned-page.html',
  styleUrl: './canned-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CannedPage {
  private readonly api = inject(CannedApi);
  private readonly store = inject(CannedStore);
  private readonly websites = inject(WebsitesStore);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly websiteId = input.required<string>();

  protected readonly manager = computed(() =>
    canManage(this.websites.websites().find((w) => w.id === this.websiteId())?.role),
  );
  protected readonly search = signal('');
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');
  protected readonly items = computed(() => this.store.of(this.websiteId()));
  protected readonly shown = computed(() => {
    const query = this.search().trim();
    const items = this.items();
    return query
      ? rankResponses(query, items)
      : [...items].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
  });
  /** The response in the form; null is a new one. */
  protected readonly editing = signal<CannedResponse | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly formError = signal('');
  protected readonly rowError = signal<{ id: string; text: string } | null>(null);
  protected readonly notice = signal('');
  protected readonly form = this.fb.group({
    shortcut: ['', [Validators.required, shortcutValidator]],
    title: ['', Validators.maxLength(100)],
    body: ['', [Validators.required, Validators.maxLength(5000)]],
  });

  constructor() {
    effect(() => {
      const id = this.websiteId();
      untracked(() => {
        this.cancel();
        void this.load(id);
      });
    });
  }

  protected async load(websiteId = this.websiteId()): Promise<void> {
    this.loading.set(true);
    this.loadError.set('');
    try {
      const page = await this.api.list(websiteId);
      this.store.put(websiteId, page.items);
    } catch (error) {
      this.loadError.set(ApiError.from(error).message);
    } finally {
      this.loading.set(false);
    }
  }

  protected edit(response: CannedResponse): void {
    this.editing.set(response);
    this.confirming.set(null);
    this.formError.set('');
    this.notice.set('');
    this.form.reset({
      shortcut: response.shortcut,
      title: response.title ?? '',
      body: response.body,
    });
  }

  protected cancel(): void {
    this.editing.set(null);
    this.formError.set('');
    this.form.reset({ shortcut: '', title: '', body: '' });
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const websiteId = this.websiteId();
    const { shortcut, title, body } = this.form.getRawValue();
    const input = { shortcut: shortcut.trim(), title: title.trim() || null, body };
    const editing = this.editing();
    this.busy.set(true);
    this.formError.set('');
    this.notice.set('');
    try {
      const saved = editing
        ? await this.api.update(editing.id, input)
        : await this.api.create(websiteId, input);
      const others = this.store.of(websiteId).filter((r) => r.id !== saved.id);
      this.store.put(websiteId, [...others, saved]);
      this.notice.set(editing ? `Saved /${saved.shortcut}.` : `Created /${saved.shortcut}.`);
      this.cancel();
    } catch (error) {
      const apiError = ApiError.from(error);
      if (apiError.code === 'SHORTCUT_TAKEN') {
        const control = this.form.controls.shortcut;
        control.setErrors({
          server: 'Another canned response has this shortcut (letter case does not count).',
        });
        control.markAsTouched();
      } else {
        this.formError.set(applyServerErrors(this.form, apiError));
      }
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(response: CannedResponse): Promise<void> {
    const websiteId = this.websiteId();
    this.busy.set(true);
    this.rowError.set(null);
    try {
      await this.api.remove(response.id);
      this.store.put(
        websiteId,
        this.store.of(websiteId).filter((r) => r.id !== response.id),
      );
      if (this.editing()?.id === response.id) this.cancel();
      this.notice.set(`Deleted /${response.shortcut}.`);
    } catch (error) {
      this.rowError.set({ id: response.id, text: ApiError.from(error).message });
    } finally {
      this.busy.set(false);
      this.confirming.set(null);
    }
  }
}
