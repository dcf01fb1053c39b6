// The seam between the loader (widget.js) and the lazily loaded chat chunk.
// Types only: nothing here ends up in either bundle.
import type { LauncherStrings } from './i18n/en';

export type Position = 'left' | 'right';

export interface VisitorProfile {
  name?: string;
  email?: string;
}

/** What the loader's element offers the chat chunk. */
export interface ChatHost {
  readonly websiteKey: string;
  /** Origin of widget.js: REST and socket calls go there, not to the host page. */
  readonly apiOrigin: string;
  /** The element's own `lang` attribute, "" when the page set none. */
  readonly lang: string;
  /** The element's shadow root, for adopting the chat stylesheet. */
  readonly root: ShadowRoot;
  /** Inside the panel dialog; the chat chunk owns its children. */
  readonly body: HTMLElement;
  isOpen(): boolean;
  /** Closes the panel and returns focus to the launcher. */
  close(): void;
  setUnread(count: number): void;
  /** Applied unless the page set a `position` attribute itself. */
  setPosition(position: Position): void;
  /**
   * The chat's language is known: the panel carries it (`lang`, `dir`) and the
   * launcher is named in it. Without `labels`, the loader's English ones.
   */
  localize(lang: string, dir: 'ltr' | 'rtl', labels?: LauncherStrings): void;
  /** Read out through the element's aria-live region, even when the panel is closed. */
  announce(text: string): void;
  /** Dispatches a bubbling, composed event on the element. */
  dispatch(type: string, detail: unknown): void;
}

/** What the chat chunk gives back to the loader. */
export interface ChatApp {
  opened(): void;
  closed(): void;
  identify(profile: VisitorProfile): Promise<void>;
  destroy(): void;
}

/** `open`: the visitor opened the panel. `idle`: prefetched, nobody is looking yet. */
export type MountReason = 'open' | 'idle';

export interface ChatModule {
  mount(host: ChatHost, reason: MountReason): ChatApp;
}
