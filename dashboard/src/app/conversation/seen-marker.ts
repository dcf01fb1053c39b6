import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ConversationThread } from './conversation-thread';

/** "Seen" under the last agent message the visitor has read; nothing under any other. */
@Component({
  selector: 'zd-seen-marker',
  template: `
    @if (shown()) {
      <p class="seen">Seen</p>
    }
  `,
  styles: `
    .seen {
      margin: 0.2rem 0 0;
      font-size: 0.8rem;
      opacity: 0.85;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeenMarker {
  readonly thread = input.required<ConversationThread>();
  readonly seq = input<number | null>(null);

  protected readonly shown = computed(() => {
    const seq = this.seq();
    return seq !== null && this.thread().seenSeq() === seq;
  });
}
