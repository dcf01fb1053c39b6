import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from '../core/api/api-error';
import { Conversation, Tag } from '../core/api/api.models';

@Injectable({ providedIn: 'root' })
export class TagsApi {
  private readonly http = inject(HttpClient);

  list(websiteId: string): Promise<{ items: Tag[] }> {
    return firstValueFrom(this.http.get<{ items: Tag[] }>(`${API}/websites/${websiteId}/tags`));
  }

  create(websiteId: string, name: string, color: string | null): Promise<Tag> {
    return firstValueFrom(
      this.http.post<Tag>(`${API}/websites/${websiteId}/tags`, {
        name,
        ...(color ? { color } : {}),
      }),
    );
  }

  update(id: string, patch: { name?: string; color?: string | null }): Promise<Tag> {
    return firstValueFrom(this.http.patch<Tag>(`${API}/tags/${id}`, patch));
  }

  remove(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${API}/tags/${id}`));
  }

  async setOnConversation(conversationId: string, tags: string[]): Promise<Conversation> {
    const { conversation } = await firstValueFrom(
      this.http.put<{ conversation: Conversation }>(`${API}/conversations/${conversationId}/tags`, {
        tags,
      }),
    );
    return conversation;
  }
}
