import type { VisitorProfile } from '../chat-host';
import type { PageContext } from '../page-context';
import type { VerifiedIdentity } from '../visitor-identity';
import type { Bootstrap, Message, Visitor } from './types';

/** An HTTP error from the widget API; status 0 when the request never got an answer. */
export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }

  /** The visitor token is unknown (never was, expired, or the visitor was erased): a new visitor is needed. */
  get deadToken(): boolean {
    return (this.status === 401 || this.status === 403) && this.code === 'UNAUTHORIZED';
  }
}

/** A wrong `userHash` (or a website without an identity secret): nothing was stored. */
export const IDENTITY_UNVERIFIED = 'IDENTITY_UNVERIFIED';

const PAGE_SIZE = 200;

/** The visitor side of the REST API (`/api/v1/widget/*`), on the widget's own origin. */
export class WidgetApi {
  constructor(
    private readonly origin: string,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  bootstrap(
    websiteKey: string,
    visitorToken: string | null,
    extra: PageContext & Partial<VerifiedIdentity> = {},
  ): Promise<Bootstrap> {
    return this.#call('POST', '/bootstrap', null, { websiteKey, ...(visitorToken && { visitorToken }), ...extra });
  }

  /** Everything after `afterSeq`, following `hasMore` page by page. */
  async messagesAfter(token: string, conversationId: string, afterSeq: number): Promise<Message[]> {
    const all: Message[] = [];
    for (;;) {
      const path = `/conversations/${encodeURIComponent(conversationId)}/messages?afterSeq=${afterSeq}&limit=${PAGE_SIZE}`;
      const page = await this.#call<{ messages: Message[]; hasMore: boolean }>('GET', path, token);
      all.push(...page.messages);
      if (!page.hasMore || !page.messages.length) return all;
      afterSeq = page.messages[page.messages.length - 1].seq;
    }
  }

  async updateVisitor(token: string, profile: VisitorProfile): Promise<Visitor> {
    // The API refuses unknown fields, so send exactly these when present.
    const body: VisitorProfile = {};
    for (const field of ['name', 'email', 'userId', 'userHash'] as const) {
      if (profile[field] !== undefined) body[field] = profile[field];
    }
    return (await this.#call<{ visitor: Visitor }>('PATCH', '/visitor', token, body)).visitor;
  }

  /** The visitor has seen the conversation up to `seq` (the team sees "read"). */
  async markRead(token: string, conversationId: string, seq: number): Promise<void> {
    await this.#call('POST', `/conversations/${encodeURIComponent(conversationId)}/read`, token, { seq });
  }

  async #call<T>(method: string, path: string, token: string | null, body?: object): Promise<T> {
    const headers: Record<string, string> = {};
    if (body) headers['Content-Type'] = 'application/json';
    if (token) headers['X-Visitor-Token'] = token;
    let response: Response;
    try {
      response = await this.fetcher(`${this.origin}/api/v1/widget${path}`, {
        method,
        headers,
        body: body && JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      throw new WidgetApiError(0, 'NETWORK');
    }
    if (!response.ok) {
      const payload = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
      throw new WidgetApiError(response.status, payload?.error?.code ?? `HTTP_${response.status}`);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
