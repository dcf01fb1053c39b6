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
import { ApiError } from '../core/api/api-error';
import { Tag } from '../core/api/api.models';
import { FieldError } from '../core/forms/field-error';
import { applyServerErrors } from '../core/forms/server-errors';
import { canManage } from '../core/team/roles';
import { WebsitesStore } from '../core/websites/websites-store';
import { TagsStore } from './tags-store';
import { ConfirmPrompt } from '../core/a11y/confirm-prompt';

const DEFAULT_COLOR = '#2563eb';
const TAG_TAKEN_TEXT = 'A tag of this name exists already (letter case does not count).';

/** The website's tag catalogue: any member adds tags, owners and admins rename and delete them. */
@Component({
  selector: 'zd-tags-page',
  imports: [ReactiveFormsModule, FieldError, ConfirmPrompt],
  templateUrl: './tags-page.html',
  styleUrl: './tags-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TagsPage {
  private readonly store = inject(TagsStore);
  private readonly websites = inject(WebsitesStore);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly websiteId = input.required<string>();

  protected readonly manager = computed(() =>
    canManage(this.websites.websites().find((w) => w.id === this.websiteId())?.role),
  );
  protected readonly tags = computed(() => this.store.of(this.websiteId()));
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');
  protected readonly busy = signal(false);
  protected readonly createError = signal('');
  protected readonly notice = signal('');
  protected readonly editingId = signal<string | null>(null);
  protected readonly editError = signal('');
  protected readonly confirming = signal<string | null>(null);
  protected readonly rowError = signal<{ id: string; text: string } | null>(null);
  private readonly nameValidators = [Validators.required, Validators.maxLength(40)];
  protected readonly createForm = this.fb.group({
    name: ['', this.nameValidators],
    color: [DEFAULT_COLOR],
  });
  protected readonly editForm = this.fb.group({
    name: ['', this.nameValidators],
    color: [DEFAULT_COLOR],
  });

  constructor() {
    effect(() => {
      const id = this.websiteId();
      untracked(() => {
        this.editingId.set(null);
        this.confirming.set(null);
        void this.load(id);
      });
    });
  }

  protected async load(websiteId = this.websiteId()): Promise<void> {
    this.loading.set(true);
    this.loadError.set('');
    try {
      await this.store.load(websiteId);
    } catch (error) {
      this.loadError.set(ApiError.from(error).message);
    } finally {
      this.loading.set(false);
    }
  }

  protected async create(): Promise<void> {
    const form = this.createForm;
    if (form.invalid || !form.controls.name.value.trim()) {
      form.controls.name.setErrors({ required: true });
      form.markAllAsTouched();
      return;
    }
    const { name, color } = form.getRawValue();
    this.busy.set(true);
    this.createError.set('');
    this.notice.set('');
    try {
      const tag = await this.store.create(this.websiteId(), name.trim(), color.toLowerCase());
      this.notice.set(`Created the tag “${tag.name}”.`);
      form.reset({ name: '', color: DEFAULT_COLOR });
    } catch (error) {
      this.createError.set(this.showError(form, error));
    } finally {
      this.busy.set(false);
    }
  }

  protected edit(tag: Tag): void {
    this.editingId.set(tag.id);
    this.editError.set('');
    this.confirming.set(null);
    this.editForm.reset({ name: tag.name, color: tag.color ?? DEFAULT_COLOR });
  }

  protected async saveEdit(tag: Tag): Promise<void> {
    const form = this.editForm;
    if (form.invalid || !form.controls.name.value.trim()) {
      form.controls.name.setErrors({ required: true });
      form.markAllAsTouched();
      return;
    }
    const { name, color } = form.getRawValue();
    this.busy.set(true);
    this.editError.set('');
    try {
      const saved = await this.store.update(this.websiteId(), tag.id, {
        name: name.trim(),
        color: color.toLowerCase(),
      });
      this.notice.set(`Saved the tag “${saved.name}”.`);
      this.editingId.set(null);
    } catch (error) {
      this.editError.set(this.showError(form, error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(tag: Tag): Promise<void> {
    this.busy.set(true);
    this.rowError.set(null);
    try {
      await this.store.remove(this.websiteId(), tag.id);
      this.notice.set(`Deleted the tag “${tag.name}”.`);
    } catch (error) {
      this.rowError.set({ id: tag.id, text: ApiError.from(error).message });
    } finally {
      this.busy.set(false);
      this.confirming.set(null);
    }
  }

  protected countText(tag: Tag): string {
    return tag.conversations === 1 ? '1 conversation' : `${tag.conversations} conversations`;
  }

  private showError(form: typeof this.createForm, error: unknown): string {
    const apiError = ApiError.from(error);
    if (apiError.code === 'TAG_TAKEN') {
      form.controls.name.setErrors({ server: TAG_TAKEN_TEXT });
      form.controls.name.markAsTouched();
      return '';
    }
    return applyServerErrors(form, apiError);
  }
}
