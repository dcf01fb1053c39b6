import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';

@Component({
  selector: 'zd-embed-snippet',
  template: `
    <div class="field">
      <label for="embed-snippet">Embed snippet</label>
      <textarea
        id="embed-snippet"
        rows="2"
        readonly
        [value]="snippet()"
        (focus)="select($event)"
      ></textarea>
      <span class="hint"
        >Paste it into every page that should show the chat, before &lt;/body&gt;.</span
      >
    </div>
    <button type="button" (click)="copy()">Copy embed snippet</button>
    <span class="copied" role="status">{{ copied() }}</span>
  `,
  styles: `
    textarea {
      font-family: ui-monospace, monospace;
      font-size: 0.85rem;
      resize: none;
    }
    .copied {
      margin-left: 0.75rem;
      color: var(--zd-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmbedSnippet {
  private readonly document = inject(DOCUMENT);
  readonly websiteKey = input.required<string>();
  protected readonly copied = signal('');
  protected readonly snippet = computed(
    () =>
      `<script src="${this.document.location.origin}/widget.js" data-website-key="${this.websiteKey()}" async></script>`,
  );

  protected select(event: FocusEvent): void {
    (event.target as HTMLTextAreaElement).select();
  }

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.snippet());
      this.copied.set('Copied to the clipboard.');
    } catch {
      // Clipboard access needs a secure context or permission; selecting lets the agent copy by hand.
      const textarea = this.document.getElementById('embed-snippet') as HTMLTextAreaElement | null;
      textarea?.focus();
      textarea?.select();
      this.copied.set('Press Ctrl+C (or ⌘C) to copy the selected snippet.');
    }
  }
}
