import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { DemoApi } from '../core/api/demo-api';

/** Under an empty inbox: a page with the widget to write the first message from, when the server has one. */
@Component({
  selector: 'zd-demo-hint',
  template: `
    @if (url(); as url) {
      <p class="muted demo-hint">
        Try it: <a [href]="url" target="_blank" rel="noopener">open the demo page</a> and write as a
        visitor; the conversation appears here.
      </p>
    }
  `,
  styles: `
    .demo-hint {
      padding: 0 1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DemoHint {
  protected readonly url = signal<string | null>(null);

  constructor() {
    void inject(DemoApi)
      .get()
      .then((status) => this.url.set(status.enabled ? status.url : null));
  }
}
