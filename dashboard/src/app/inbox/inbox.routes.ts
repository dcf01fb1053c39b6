import { Routes } from '@angular/router';
import { ConversationView } from '../conversation/conversation-view';
import { InboxPage } from './inbox-page';

export const inboxRoutes: Routes = [
  {
    path: '',
    component: InboxPage,
    title: 'Inbox · Zendo',
    children: [{ path: ':conversationId', component: ConversationView }],
  },
];
