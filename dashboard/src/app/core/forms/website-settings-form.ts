import { effect, inject, signal, untracked } from '@angular/core';
import type { FormGroup } from '@angular/forms';
import { Website, WebsitePatch } from '../api/api.models';
import { WebsitesStore } from '../websites/websites-store';
import { applyServerErrors } from './server-errors';

/**
 * The save cycle every section of a website's settings shares: the form follows the website it
 * shows (a newer copy of the same website refills it only while untouched, so nothing being
 * edited is overwritten), is read-only without the right, and saving says "saved" or puts the
 * server's errors on the fields. Create it in a component's field initialiser.
 */
export class WebsiteSettingsForm {
  private readonly websites = inject(WebsitesStore);
  readonly busy = signal(false);
  readonly error = signal('');
  readonly saved = signal('');
  private shownId: string | null = null;

  constructor(
    private readonly form: FormGroup,
    private readonly options: {
      website: () => Website;
      canEdit: () => boolean;
      fill: (website: Website) => void;
    },
  ) {
    effect(() => {
      const website = options.website();
      untracked(() => {
        if (website.id !== this.shownId || form.pristine) options.fill(website);
        if (website.id !== this.shownId) {
          this.saved.set('');
          this.error.set('');
        }
        this.shownId = website.id;
      });
    });
    effect(() => {
      if (options.canEdit()) form.enable();
      else form.disable();
    });
  }

  /** Saves `patch()` when the form is valid; `savedText` is what the agent reads afterwards. */
  async save(patch: () => WebsitePatch, savedText: string): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set('');
    this.saved.set('');
    try {
      const updated = await this.websites.update(this.options.website().id, patch());
      this.options.fill(updated);
      this.saved.set(savedText);
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.busy.set(false);
    }
  }
}
