import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Attachment } from '../core/api/api.models';
import { humanSize, isImage } from './attachment-format';

/**
 * The files of one message: pictures as thumbnails that open full size in a new tab, anything
 * else as a download link with its name and size.
 */
@Component({
  selector: 'zd-message-attachments',
  template: `
    @if (files().length) {
      <ul class="files" aria-label="Attachments">
        @for (file of files(); track file.id) {
          <li>
            @if (file.image) {
              <a class="thumb" [href]="file.url" target="_blank" rel="noopener">
                <img [src]="file.url" [alt]="file.name" loading="lazy" />
              </a>
            } @else {
              <a class="download" [href]="file.url" [attr.download]="file.name" rel="noopener">
                {{ file.name }} <span class="size">({{ file.size }})</span>
              </a>
            }
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .files {
      list-style: none;
      margin: 0.35rem 0 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    li {
      max-width: 100%;
    }
    .thumb {
      display: block;
      line-height: 0;
    }
    img {
      max-width: min(14rem, 100%);
      max-height: 10rem;
      object-fit: contain;
      border-radius: 0.35rem;
      border: 1px solid var(--zd-border);
      background: var(--zd-surface);
    }
    .download {
      display: inline-flex;
      gap: 0.3rem;
      max-width: 100%;
      overflow-wrap: anywhere;
      color: inherit;
    }
    .size {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageAttachments {
  readonly attachments = input<Attachment[] | undefined>([]);

  protected readonly files = computed(() =>
    (this.attachments() ?? []).map((a) => ({
      id: a.id,
      name: a.name,
      url: a.url,
      image: isImage(a),
      size: humanSize(a.size),
    })),
  );
}
