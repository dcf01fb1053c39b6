// The seam between the loader (widget.js) and the lazily loaded chat chunk.
// Types only: nothing here ends up in either bundle.
import type { Bootstrap } from './chat/types';
import type { LauncherStrings } from './i18n/en';

/** What `Zendo.identify()` takes: name and email, and a verified `userId` with its `userHash`. */
export interface VisitorProfile {
  name?: string;
  email?: string;
  userId?: string;
  userHash?: string;
}

/**
 * What the loader's element offers the chat chunk: its nodes, which the chat
 * fills and labels, and the little state the loader itself draws (open or
 * not, the launcher). Kept small because every member is loader bytes.
 */
export interface ChatHost {
  readonly websiteKey: string;
  /** Origin of widget.js: REST and socket calls go there, not to the host page. */
  readonly apiOrigin: string;
  /** The element's own `lang` attribute, "" when the page set none. */
  readonly lang: string;
  /** `<zendo-chat>`: the chat dispatches its page events on it and reads its `position`. */
  readonly element: HTMLElement;
  /** `window.Zendo.identify` as the page set it before widget.js ran (see visitor-identity.ts). */
  readonly preset?: unknown;
  /** The element's shadow root, for adopting the chat stylesheet. */
  readonly root: ShadowRoot;
  /** Holds the launcher and the panel: `lang` for both, class `left` to place them. */
  readonly frame: HTMLElement;
  /** The dialog (`part="panel"`): the chat gives it `lang` and `dir`. */
  readonly panel: HTMLElement;
  /** Inside the panel dialog; the chat chunk owns its children. */
  readonly body: HTMLElement;
  /** A polite live region outside the panel: read out even while the panel is closed. */
  readonly live: HTMLElement;
  isOpen(): boolean;
  /** Closes the panel and returns focus to the launcher. */
  close(): void;
  /** Redraws the launcher with this unread count, named with `labels` (the loader's English without). */
  launcher(unread: number, labels?: LauncherStrings): void;
}

/** What the chat chunk gives back to the loader. */
export interface ChatApp {
  opened(): void;
  closed(): void;
  identify(profile: VisitorProfile): Promise<void>;
  destroy(): void;
}

/**
 * `open`: the visitor opened the panel. `idle`: loaded ahead, nobody is looking
 * yet (the pointer or focus reached the launcher, the page called identify(),
 * or a returning visitor has something to see or send).
 */
export type MountReason = 'open' | 'idle';

export interface ChatModule {
  /** `bootstrap`: the loader's own, just made for a returning visitor; the chat starts from it. */
  mount(host: ChatHost, reason: MountReason, bootstrap?: Bootstrap): ChatApp;
}

export interface PeekModule {
  peekReturning(host: ChatHost, visitorToken: string): Promise<Bootstrap | undefined>;
}
