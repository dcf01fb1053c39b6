import type { VisitorProfile } from './chat-host';
import type { ZendoChat } from './zendo-chat';

/** `window.Zendo`: drives the first `<zendo-chat>` on the page. */
export interface ZendoApi {
  open(): void;
  close(): void;
  toggle(): void;
  identify(profile: VisitorProfile): Promise<void>;
}

declare global {
  interface Window {
    Zendo?: ZendoApi;
  }
  interface HTMLElementTagNameMap {
    'zendo-chat': ZendoChat;
  }
}

export function createZendoApi(): ZendoApi {
  const widget = () => document.querySelector('zendo-chat');
  return Object.freeze({
    open: () => widget()?.open(),
    close: () => widget()?.close(),
    toggle: () => widget()?.toggle(),
    identify: (profile: VisitorProfile) =>
      widget()?.identify(profile) ?? Promise.reject(new Error('No <zendo-chat> element on the page')),
  });
}
