// A chunk of its own, fetched the first time the visitor sends a file. Imports nothing at run time
// (lit's `html` comes from the chat chunk, and code shared with it would be one more request in
// front of every first open).
import type { TemplateResult } from 'lit/html.js';
import type { Message } from '../types';
import type { LazyContext } from './context';

/** A file on its way: shown as pending, with its progress, until its message is in. */
export interface Upload {
  readonly id: string;
  /** null until a conversation is opened for it. */
  conversationId: string | null;
  readonly file: File;
  /** 0–1. */
  progress: number;
  /** When it failed: the HTTP status (0 without an answer) and the server's explanation. */
  error?: { status: number; detail: string };
}

/** Per chat (a page may mount it again), its files on their way. */
const all = new WeakMap<LazyContext, Uploads>();

/** Sends files into the conversation on screen (`null`: a new one, opened for them). */
export function attach(ctx: LazyContext, files: File[], conversationId: string | null): void {
  let uploads = all.get(ctx);
  if (!uploads) all.set(ctx, (uploads = new Uploads(ctx)));
  for (const file of files) uploads.add(file, conversationId);
}

/** The pending and failed files of a conversation, as items of its message log. */
export function pending(ctx: LazyContext, conversationId: string | null): TemplateResult[] {
  return all.get(ctx)?.render(conversationId) ?? [];
}

/** The visitor's files being sent, or that failed (with why, and a retry where one can help). */
export class Uploads {
  items: Upload[] = [];

  constructor(private readonly deps: LazyContext) {}

  add(file: File, conversationId: string | null): void {
    const upload: Upload = { id: this.deps.newId(), conversationId, file, progress: 0 };
    this.items = [...this.items, upload];
    void this.#send(upload);
  }

  retry(upload: Upload): void {
    void this.#send(upload);
  }

  remove(upload: Upload): void {
    this.items = this.items.filter((u) => u !== upload);
    this.deps.update();
  }

  /** The pending and failed files of a conversation, as items of its message log. */
  render(conversationId: string | null): TemplateResult[] {
    return this.items.filter((u) => u.conversationId === conversationId).map((u) => this.#item(u));
  }

  /** What the visitor is told about a failed file, in the panel's language. */
  explain({ status, detail }: { status: number; detail: string }): string {
    const t = this.deps.strings();
    if (status === 413) {
      // The API names its limit: "Files may be up to 10485760 bytes".
      const limit = /(\d+) bytes/.exec(detail)?.[1];
      return t.fileTooBig(limit ? fileSize(this.deps.locale(), Number(limit)) : '');
    }
    return status === 415 ? t.fileType : status === 429 ? t.fileTooMany : t.fileFailed;
  }

  async #send(upload: Upload): Promise<void> {
    upload.error = undefined;
    upload.progress = 0;
    this.deps.update();
    try {
      upload.conversationId ??= await this.deps.session.conversationForFile();
    } catch {
      upload.error = { status: 0, detail: '' };
      this.deps.update();
      return;
    }
    const url = `${this.deps.origin}/api/v1/widget/conversations/${encodeURIComponent(upload.conversationId)}/attachments`;
    const { status, body } = await post(url, this.deps.session.visitorToken, upload, () => this.deps.update());
    const answer = body as { message?: Message; error?: { message?: string } } | null;
    if (status === 201 && answer?.message) {
      this.items = this.items.filter((u) => u !== upload);
      this.deps.session.sent(answer.message);
    } else {
      upload.error = { status, detail: answer?.error?.message ?? '' };
    }
    this.deps.update();
  }

  #item(u: Upload): TemplateResult {
    const { html } = this.deps;
    const t = this.deps.strings();
    const error = u.error;
    const fatal = error && (error.status === 413 || error.status === 415);
    return html`<li class="m visitor ${error ? 'failed' : 'pending'}" part="message">
      <p class="text"><span class="sr">${t.you}: </span>${u.file.name}</p>
      <span class="meta" role=${error ? 'alert' : 'status'}>
        ${
          error
            ? html`${this.explain(error)}
                ${fatal ? '' : html`<button class="link" type="button" @click=${() => this.retry(u)}>${t.retry}</button>`}
                <button class="link" type="button" @click=${() => this.remove(u)}>${t.remove}</button>`
            : t.uploading(Math.round(u.progress * 100))
        }
      </span>
    </li>`;
  }
}

/**
 * POSTs the file as multipart (`clientMessageId`, `file`) with XMLHttpRequest, which, unlike
 * fetch, reports upload progress. Resolves with what the server answered (status 0 for nothing).
 */
function post(
  url: string,
  token: string,
  upload: Upload,
  progressed: () => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append('clientMessageId', upload.id);
    form.append('file', upload.file, upload.file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('X-Visitor-Token', token);
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable || !event.total) return;
      upload.progress = event.loaded / event.total;
      progressed();
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // a proxy's own page, or nothing
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = xhr.onabort = xhr.ontimeout = () => resolve({ status: 0, body: null });
    xhr.send(form);
  });
}

/** A file size in the panel's language ("340 kB", "2.5 MB"), in binary multiples as file managers show them. */
export function fileSize(locale: string, bytes: number): string {
  const k = bytes < 1024 ? 0 : bytes < 1024 ** 2 ? 1 : 2;
  const unit = (['byte', 'kilobyte', 'megabyte'] as const)[k];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(bytes / 1024 ** k);
}
