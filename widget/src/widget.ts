// widget.js: loaded as a classic <script async>, so the bundle has no static
// import/export; the chat chunk is fetched with import() from our own origin.
import type { ChatModule, PeekModule } from './chat-host';
import { createZendoApi } from './zendo-api';
import { configureWidget, ZendoChat } from './zendo-chat';

/** Replaced at build time with the content-hashed chunk paths, e.g. "chunks/chat-AB12CD34.js". */
declare const __ZENDO_CHAT_CHUNK__: string;
declare const __ZENDO_PEEK_CHUNK__: string;

// document.currentScript is only set while this file first runs.
const script = (document.currentScript ??
  document.querySelector('script[src*="/widget.js"]')) as HTMLScriptElement | null;

if (script && !customElements.get('zendo-chat')) {
  const chunk = (path: string) => new URL(path, script.src).href;
  configureWidget({
    apiOrigin: new URL(script.src).origin,
    loadChat: () => import(chunk(__ZENDO_CHAT_CHUNK__)) as Promise<ChatModule>,
    loadPeek: () => import(chunk(__ZENDO_PEEK_CHUNK__)) as Promise<PeekModule>,
    // A page may say who the visitor is before this script runs: window.Zendo = {identify: {userId, userHash}}.
    preset: (window.Zendo as { identify?: unknown } | undefined)?.identify,
  });
  customElements.define('zendo-chat', ZendoChat);
  window.Zendo = createZendoApi();
}

const key = script?.dataset.websiteKey;
if (key) {
  const insert = () => {
    if (document.querySelector(`zendo-chat[website-key="${CSS.escape(key)}"]`)) return;
    const widget = document.createElement('zendo-chat');
    widget.setAttribute('website-key', key);
    for (const name of ['lang', 'position']) {
      const value = script!.getAttribute(`data-${name}`);
      if (value) widget.setAttribute(name, value);
    }
    document.body.append(widget);
  };
  if (document.body) insert();
  else addEventListener('DOMContentLoaded', insert, { once: true });
}
