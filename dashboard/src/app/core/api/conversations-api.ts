import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from './api-error';
import {
  Conversation,
  ConversationStatus,
  InboxConversation,
  Message,
  MessagePage,
  Page,
} from './api.models';

export type MessageWindow = { afterSeq: number } | { beforeSeq: number } | Record<string, never>;

/** REST calls on conversations; the stores decide when to make them. */
@Injectable({ providedIn: 'root' })
export class ConversationsApi {
  private readonly http = inject(HttpClient);

  list(
    websiteId: string,
    status: ConversationStatus,
    cursor: string | null,
    limit = 30,
  ): Promise<Page<InboxConversation>> {
    let params = new HttpParams().set('status', status).set('limit', limit);
    if (cursor) params = params.set('cursor', cursor);
    return firstValueFrom(
      this.http.get<Page<InboxConversation>>(`${API}/websites/${websiteId}/conversations`, {
        params,
      }),
    );
  }

  get(id: string): Promise<InboxConversation> {
    return firstValueFrom(this.http.get<InboxConversation>(`${API}/conversations/${id}`));
  }

  messages(id: string, window: MessageWindow, limit = 50): Promise<MessagePage> {
    let params = new HttpParams().set('limit', limit);
    for (const [key, value] of Object.entries(window)) params = params.set(key, value);
    return firstValueFrom(
      this.http.get<MessagePage>(`${API}/conversations/${id}/messages`, { params }),
    );
  }

  send(id: string, body: string, clientMessageId: string): Promise<Message> {
    return firstValueFrom(
      this.http.post<Message>(`${API}/conversations/${id}/messages`, { body, clientMessageId }),
    );
  }

  close(id: string): Promise<Conversation> {
    return firstValueFrom(this.http.post<Conversation>(`${API}/conversations/${id}/close`, {}));
  }

  reopen(id: string): Promise<Conversation> {
    return firstValueFrom(this.http.post<Conversation>(`${API}/conversations/${id}/reopen`, {}));
  }

  markRead(id: string, seq: number): Promise<unknown> {
    return firstValueFrom(this.http.post(`${API}/conversations/${id}/read`, { seq }));
  }
}
