import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Rating } from '../core/api/api.models';

/** The visitor's rating of a closed conversation: "Rated 4/5", stars for the eye, the comment. */
@Component({
  selector: 'zd-rating-badge',
  template: `
    @if (rating(); as rating) {
      <p class="rating">
        <span class="stars" aria-hidden="true">{{ stars() }}</span>
        <strong>Rated {{ rating.score }}/5</strong>
        @if (rating.comment) {
          <q class="comment">{{ rating.comment }}</q>
        }
      </p>
    }
  `,
  styles: `
    .rating {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.2rem 0.5rem;
      margin: 0.35rem 0 0;
      font-size: 0.9rem;
    }
    .stars {
      letter-spacing: 0.1em;
      color: var(--zd-text);
    }
    .comment {
      color: var(--zd-text);
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RatingBadge {
  readonly rating = input<Rating | null | undefined>(null);

  protected readonly stars = computed(() => {
    const score = Math.max(0, Math.min(5, this.rating()?.score ?? 0));
    return '★'.repeat(score) + '☆'.repeat(5 - score);
  });
}
