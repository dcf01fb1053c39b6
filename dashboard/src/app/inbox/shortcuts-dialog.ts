import { ChangeDetectionStrategy, Component, ElementRef, viewChild } from '@angular/core';
import { SHORTCUTS } from './inbox-shortcuts';

/** The list of keyboard shortcuts, in a modal dialog that Escape or its button closes. */
@Component({
  selector: 'zd-shortcuts-dialog',
  template: `
    <dialog #dialog aria-labelledby="shortcuts-title" (close)="restoreFocus()">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl>
        @for (shortcut of shortcuts; track shortcut.keys) {
          <div>
            <dt>
              <kbd>{{ shortcut.keys }}</kbd>
            </dt>
            <dd>{{ shortcut.description }}</dd>
          </div>
        }
      </dl>
      <p class="muted">Shortcuts work outside text fields.</p>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  `,
  styles: `
    /* Not a cell of the inbox's grid: the dialog shows in the top layer, or not at all. */
    :host {
      display: contents;
    }
    dialog {
      border: 1px solid var(--zd-border);
      border-radius: 0.5rem;
      padding: 1.25rem 1.5rem;
      max-width: min(26rem, calc(100vw - 2rem));
      color: var(--zd-text);
      background: var(--zd-surface);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.35);
    }
    dl {
      display: grid;
      gap: 0.4rem;
      margin: 0 0 1rem;
    }
    dl div {
      display: grid;
      grid-template-columns: 2.5rem 1fr;
      align-items: baseline;
    }
    dd {
      margin: 0;
    }
    kbd {
      display: inline-block;
      min-width: 1.5rem;
      text-align: center;
      padding: 0.1rem 0.35rem;
      border: 1px solid var(--zd-border);
      border-radius: 0.3rem;
      font-family: ui-monospace, monospace;
      background: var(--zd-bg);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShortcutsDialog {
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  protected readonly shortcuts = SHORTCUTS;
  private returnTo: HTMLElement | null = null;

  open(): void {
    const dialog = this.dialog().nativeElement;
    if (dialog.open) return;
    this.returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
  }

  /**
   * Puts focus back where it was. When that was the page itself (the key was pressed with nothing
   * focused), focus must not stay on the closed dialog's button, or the next shortcut would land
   * inside a hidden dialog.
   */
  protected restoreFocus(): void {
    const returnTo = this.returnTo;
    this.returnTo = null;
    if (returnTo && returnTo !== document.body && returnTo.isConnected) {
      returnTo.focus();
      return;
    }
    const active = document.activeElement;
    if (active instanceof HTMLElement && this.dialog().nativeElement.contains(active))
      active.blur();
  }
}
