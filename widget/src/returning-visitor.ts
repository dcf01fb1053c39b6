// The peek chunk: what the loader does for a returning visitor (a stored
// visitor token) once the page has loaded, before they show any intent. One
// bootstrap request, and no chat chunk unless there is something to show or
// send. Its own small chunk, so the loader stays small for everyone else. The
// keys are the ones chat/visitor-storage.ts writes.
import type { ChatHost } from './chat-host';
import type { Bootstrap } from './chat/types';
import { pageContext } from './page-context';
import { storageKey } from './storage-key';
import { pageIdentity } from './visitor-identity';

/**
 * Whether the chat should load before the visitor asks for it: an open
 * conversation (replies arrive live and go on the badge), one with messages
 * after what the visitor has read (the badge counts them), or messages kept
 * unsent by an earlier page (they go now).
 */
export function needsChat(bootstrap: Bootstrap, read: Record<string, number>, hasOutbox: boolean): boolean {
  return hasOutbox || bootstrap.conversations.some((c) => c.status === 'open' || c.lastSeq > (read[c.id] ?? 0));
}

/**
 * Bootstraps the visitor with their stored token (and the page's verified
 * identity, if any) and gives the bootstrap back when the chat is needed now;
 * undefined when it is not, or when the API does not answer (the first open
 * bootstraps then, and says what went wrong).
 */
export async function peekReturning(host: ChatHost, visitorToken: string): Promise<Bootstrap | undefined> {
  const { apiOrigin, websiteKey } = host;
  const key = (name: string) => storageKey(websiteKey, name);
  const response = await fetch(apiOrigin + '/api/v1/widget/bootstrap', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      websiteKey,
      visitorToken,
      ...pageContext(),
      ...pageIdentity(host.element, host.preset),
    }),
    credentials: 'omit',
  });
  if (!response.ok) return undefined;
  const bootstrap = (await response.json()) as Bootstrap;
  // A token the API replaced (another website's, revoked, or the visitor's erased) must not be presented again.
  localStorage.setItem(key('visitor'), bootstrap.visitorToken);
  const read = JSON.parse(localStorage.getItem(key('read')) || '{}') as Record<string, number>;
  const outbox = localStorage.getItem(key('outbox:' + bootstrap.visitor.id));
  return needsChat(bootstrap, read, !!outbox) ? bootstrap : undefined;
}
