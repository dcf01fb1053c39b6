import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { InboxConversation } from '../core/api/api.models';

@Component({
  selector: 'zd-visitor-details',
  imports: [DatePipe],
  template: `
    @let visitor = conversation().visitor;
    <h2 id="visitor-details-title">Visitor</h2>
    <dl>
      @if (visitor.name) {
        <dt>Name</dt>
        <dd>{{ visitor.name }}</dd>
      }
      @if (visitor.email) {
        <dt>Email</dt>
        <dd>
          <a [href]="'mailto:' + visitor.email">{{ visitor.email }}</a>
        </dd>
      }
      @if (!visitor.name && !visitor.email) {
        <dt>Identity</dt>
        <dd class="muted">Not identified yet</dd>
      }
      <dt>Visitor id</dt>
      <dd class="id">{{ visitor.id }}</dd>
      <dt>First seen</dt>
      <dd>
        <time [attr.datetime]="visitor.createdAt">{{ visitor.createdAt | date: 'medium' }}</time>
      </dd>
      <dt>Conversation started</dt>
      <dd>
        <time [attr.datetime]="conversation().createdAt">{{
          conversation().createdAt | date: 'medium'
        }}</time>
      </dd>
      @if (conversation().pageUrl || conversation().pageTitle) {
        <dt>Started on</dt>
        <dd class="page">
          @if (pageLink(); as href) {
            <a [href]="href" target="_blank" rel="noopener noreferrer">{{ pageName() }}</a>
          } @else {
            <span>{{ pageName() }}</span>
          }
          @if (conversation().pageTitle && conversation().pageUrl) {
            <span class="url">{{ conversation().pageUrl }}</span>
          }
        </dd>
      }
      @if (conversation().tags.length) {
        <dt>Tags</dt>
        <dd>{{ conversation().tags.join(', ') }}</dd>
      }
    </dl>
  `,
  styles: `
    :host {
      display: block;
      padding: 1rem;
    }
    h2 {
      font-size: 1rem;
    }
    dl {
      margin: 0;
    }
    dt {
      font-size: 0.8rem;
      color: var(--zd-muted);
      margin-top: 0.6rem;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .id {
      font-family: ui-monospace, monospace;
      font-size: 0.85rem;
    }
    .url {
      display: block;
      font-size: 0.8rem;
      color: var(--zd-muted);
    }
  `,
  host: { role: 'complementary', 'aria-labelledby': 'visitor-details-title' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VisitorDetails {
  readonly conversation = input.required<InboxConversation>();
  protected readonly pageLink = computed(() => linkablePageUrl(this.conversation().pageUrl));
  protected readonly pageName = computed(
    () => this.conversation().pageTitle?.trim() || this.conversation().pageUrl || '',
  );
}

/**
 * The page a conversation started on as a link target, only for http and https: the widget
 * reports what the visitor's browser says, and a `javascript:` address must never be clickable.
 */
export function linkablePageUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
