import { HttpClient, HttpEvent, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom, Observable } from 'rxjs';
import { API } from './api-error';
import {
  Conversation,
  ConversationStatus,
  InboxConversation,
  Message,
  MessagePage,
  Page,
  SearchResult,
} from './api.models';

export type MessageWindow = { afterSeq: number } | { beforeSeq: number } | Record<string, never>;

/**
 * Which conversations a list holds: by status (none is any), by assignee (`me`, `none` or an
 * agent id), and by tags, all of which must be on a conversation.
 */
export interface ConversationFilter {
  status?: ConversationStatus;
  assignee?: string;
  tags?: string[];
  /** On the last activity, `YYYY-MM-DD`; `to` includes its whole day. */
  from?: string;
  to?: string;
}

/** What the search endpoint takes beside the query; dates are `YYYY-MM-DD`. */
export interface SearchFilter extends ConversationFilter {
  q: string;
}

/** REST calls on conversations; the stores decide when to make them. */
@Injectable({ providedIn: 'root' })
export class ConversationsApi {
  private readonly http = inject(HttpClient);

  list(
    websiteId: string,
    filter: ConversationFilter,
    cursor: string | null,
    limit = 30,
  ): Promise<Page<InboxConversation>> {
    let params = filterParams(filter).set('limit', limit);
    if (cursor) params = params.set('cursor', cursor);
    return firstValueFrom(
      this.http.get<Page<InboxConversation>>(`${API}/websites/${websiteId}/conversations`, {
        params,
      }),
    );
  }

  search(
    websiteId: string,
    filter: SearchFilter,
    cursor: string | null,
    limit = 20,
  ): Promise<Page<SearchResult>> {
    let params = filterParams(filter).set('q', filter.q).set('limit', limit);
    if (cursor) params = params.set('cursor', cursor);
    return firstValueFrom(
      this.http.get<Page<SearchResult>>(`${API}/websites/${websiteId}/search`, { params }),
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

  /** Takes an unassigned conversation; another agent holding it answers 409 ALREADY_ASSIGNED. */
  async claim(id: string): Promise<Conversation> {
    const { conversation } = await firstValueFrom(
      this.http.post<{ conversation: Conversation }>(`${API}/conversations/${id}/claim`, {}),
    );
    return conversation;
  }

  assign(id: string, agentId: string | null): Promise<Conversation> {
    return firstValueFrom(
      this.http.post<Conversation>(`${API}/conversations/${id}/assign`, { agentId }),
    );
  }

  /** Sends a file (multipart) as a message; the events report upload progress, then the answer. */
  upload(
    id: string,
    file: File,
    body: string,
    clientMessageId: string,
  ): Observable<HttpEvent<{ message: Message }>> {
    const form = new FormData();
    if (body) form.append('body', body);
    form.append('clientMessageId', clientMessageId);
    form.append('file', file, file.name);
    return this.http.post<{ message: Message }>(`${API}/conversations/${id}/attachments`, form, {
      observe: 'events',
      reportProgress: true,
    });
  }

  markRead(id: string, seq: number): Promise<unknown> {
    return firstValueFrom(this.http.post(`${API}/conversations/${id}/read`, { seq }));
  }

  /** Owner/admin: hidden at once, purged later. */
  deleteConversation(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${API}/conversations/${id}`));
  }

  /** Its agent author, or owner/admin: the body goes, the message keeps its place. */
  deleteMessage(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${API}/messages/${id}`));
  }
}

function filterParams(filter: ConversationFilter): HttpParams {
  let params = new HttpParams();
  if (filter.status) params = params.set('status', filter.status);
  if (filter.assignee) params = params.set('assignee', filter.assignee);
  for (const tag of filter.tags ?? []) params = params.append('tag', tag);
  if (filter.from) params = params.set('from', filter.from);
  if (filter.to) params = params.set('to', filter.to);
  return params;
}
