import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { humanSize } from './attachment-format';
import { AttachmentUploads } from './attachment-uploads';

/** The composer's files on their way: a progress bar and Cancel, or why one was refused. */
@Component({
  selector: 'zd-upload-list',
  template: `
    @if (items().length) {
      <ul class="uploads" aria-label="Files being sent">
        @for (item of items(); track item.clientMessageId) {
          <li [class.failed]="item.state === 'failed'">
            <span class="name">{{ item.name }}</span>
            <span class="size">{{ size(item.size) }}</span>
            @if (item.state === 'uploading') {
              <progress
                max="100"
                [value]="item.progress"
                [attr.aria-label]="'Sending ' + item.name"
              ></progress>
              <button type="button" class="secondary" (click)="cancel(item.clientMessageId)">
                Cancel<span class="visually-hidden"> sending {{ item.name }}</span>
              </button>
            } @else {
              <span class="error" role="alert">Not sent: {{ item.error }}</span>
              <button type="button" class="secondary" (click)="cancel(item.clientMessageId)">
                Dismiss<span class="visually-hidden"> {{ item.name }}</span>
              </button>
            }
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .uploads {
      list-style: none;
      margin: 0;
      padding: 0.4rem 1rem 0;
      display: grid;
      gap: 0.3rem;
      background: var(--zd-surface);
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.3rem 0.6rem;
      font-size: 0.9rem;
    }
    .name {
      overflow-wrap: anywhere;
      font-weight: 600;
    }
    .size {
      color: var(--zd-muted);
    }
    progress {
      flex: 1;
      min-width: 5rem;
    }
    .error {
      color: var(--zd-danger);
      flex-basis: 100%;
    }
    button {
      padding: 0.15rem 0.6rem;
      font-size: 0.85rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UploadList {
  private readonly uploads = inject(AttachmentUploads);
  readonly conversationId = input.required<string>();

  protected readonly items = computed(() => this.uploads.of(this.conversationId())());

  protected size(bytes: number): string {
    return humanSize(bytes);
  }

  protected cancel(clientMessageId: string): void {
    this.uploads.cancel(this.conversationId(), clientMessageId);
  }
}
