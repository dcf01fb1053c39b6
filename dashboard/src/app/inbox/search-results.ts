import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { SearchHit, SearchResult } from '../core/api/api.models';
import { TagChips } from '../tags/tag-chips';
import { snippetParts } from './search-highlight';
import { visitorLabel } from './visitor-label';

/** What the agent picked: a conversation, and the message of a hit when one was clicked. */
export interface SearchPick {
  conversationId: string;
  seq: number | null;
}

/** Search results: the visitor of each conversation and its matching messages, matches marked. */
@Component({
  selector: 'zd-search-results',
  imports: [DatePipe, TagChips],
  template: `
    @if (results().length) {
      <ul class="results" aria-label="Search results">
        @for (result of results(); track result.conversation.id) {
          <li [class.active]="result.conversation.id === activeId()">
            <button
              type="button"
              class="conversation"
              (click)="picked.emit({ conversationId: result.conversation.id, seq: null })"
            >
              <span class="name">{{ label(result) }}</span>
              @if (result.visitor.email && result.visitor.name) {
                <span class="email">{{ result.visitor.email }}</span>
              }
              <span class="status">{{
                result.conversation.status === 'open' ? 'Open' : 'Closed'
              }}</span>
              @let at = result.conversation.lastMessageAt ?? result.conversation.createdAt;
              <time [attr.datetime]="at">{{ at | date: 'MMM d' }}</time>
              <zd-tag-chips
                [tags]="result.conversation.tags"
                [websiteId]="result.conversation.websiteId"
              />
            </button>
            @if (result.hits.length) {
              <ul class="hits" [attr.aria-label]="'Matching messages with ' + label(result)">
                @for (hit of result.hits; track hit.messageId) {
                  <li>
                    <button
                      type="button"
                      class="hit"
                      (click)="
                        picked.emit({ conversationId: result.conversation.id, seq: hit.seq })
                      "
                    >
                      @for (part of parts(hit); track $index) {
                        @if (part.mark) {
                          <mark>{{ part.text }}</mark>
                        } @else {
                          <span>{{ part.text }}</span>
                        }
                      }
                    </button>
                  </li>
                }
              </ul>
            }
          </li>
        }
      </ul>
    } @else if (done() && !loading()) {
      <p class="muted empty">No conversations match this search.</p>
    }
    @if (hasMore()) {
      <button type="button" class="secondary more" [disabled]="loading()" (click)="loadMore.emit()">
        Load more results
      </button>
    }
    @if (loading()) {
      <p class="muted empty" role="status">Searching…</p>
    }
  `,
  styles: `
    :host {
      display: block;
      overflow-y: auto;
    }
    .results,
    .hits {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .results > li {
      border-bottom: 1px solid var(--zd-border);
      padding: 0.5rem 0;
    }
    .results > li.active {
      background: var(--zd-selected);
    }
    button.conversation,
    button.hit {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.2rem 0.5rem;
      width: 100%;
      text-align: left;
      background: none;
      border: 0;
      color: inherit;
      padding: 0.3rem 1rem;
      border-radius: 0;
      font-weight: normal;
    }
    button.hit {
      display: block;
      font-size: 0.88rem;
      color: var(--zd-muted);
      padding-left: 1.5rem;
      white-space: pre-wrap;
    }
    button.conversation:hover,
    button.hit:hover {
      background: var(--zd-selected);
    }
    .name {
      font-weight: 600;
    }
    .email,
    .status,
    time {
      font-size: 0.8rem;
      color: var(--zd-muted);
    }
    mark {
      background: var(--zd-warning-bg);
      color: var(--zd-warning-fg);
      font-weight: 600;
      border-radius: 2px;
    }
    .empty {
      padding: 1rem;
    }
    .more {
      display: block;
      margin: 0.75rem auto;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SearchResults {
  readonly results = input.required<SearchResult[]>();
  readonly activeId = input<string | null>(null);
  readonly loading = input(false);
  readonly done = input(false);
  readonly hasMore = input(false);
  readonly picked = output<SearchPick>();
  readonly loadMore = output<void>();

  protected label(result: SearchResult): string {
    return visitorLabel({ ...result.visitor, createdAt: '' });
  }

  protected parts(hit: SearchHit) {
    return snippetParts(hit.snippet, hit.highlights);
  }
}
