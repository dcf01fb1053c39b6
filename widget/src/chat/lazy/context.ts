// What the chat gives its lazily loaded chunks (types only: nothing here is bundled).
import type { html as litHtml } from 'lit/html.js';
import type { PanelStrings } from '../../i18n/en';
import type { ChatSession } from '../chat-session';

export interface LazyContext {
  /** lit's `html`, from the chat chunk: a chunk that imported lit itself would share a chunk with it. */
  html: typeof litHtml;
  strings(): PanelStrings;
  /** The panel's language, for numbers and sizes. */
  locale(): string;
  /** The API's origin (widget.js's own). */
  origin: string;
  session: ChatSession;
  /** A new clientMessageId. */
  newId(): string;
  /** Renders the panel again (batched). */
  update(): void;
}
