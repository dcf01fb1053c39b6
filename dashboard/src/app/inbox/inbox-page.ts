import {
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { Router, RouterOutlet } from '@angular/router';
import { ConversationStatus } from '../core/api/api.models';
import { ConversationList } from './conversation-list';
import { InboxStore } from './inbox-store';

@Component({
  selector: 'zd-inbox-page',
  imports: [RouterOutlet, ConversationList],
  templateUrl: './inbox-page.html',
  styleUrl: './inbox-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxPage {
  private readonly router = inject(Router);
  protected readonly inbox = inject(InboxStore);
  readonly websiteId = input.required<string>();
  protected readonly statuses: { value: ConversationStatus; label: string }[] = [
    { value: 'open', label: 'Open' },
    { value: 'closed', label: 'Closed' },
  ];

  constructor() {
    effect(() => {
      const id = this.websiteId();
      untracked(() => void this.inbox.show(id));
    });
  }

  protected setStatus(status: ConversationStatus): void {
    void this.inbox.setStatus(status);
  }

  protected openConversation(id: string): void {
    void this.router.navigate(['/w', this.websiteId(), 'inbox', id]);
  }
}
