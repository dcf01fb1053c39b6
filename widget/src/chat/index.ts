// The chat chunk: loaded by widget.js on the visitor's intent or first open (see zendo-chat.ts).
import { adoptStyles } from '../adopt-styles';
import type { ChatApp, ChatHost, MountReason } from '../chat-host';
import { panel as english, type LauncherStrings } from '../i18n/en';
import { browserLanguages, loadTranslation, resolveLocale, type Locale } from '../i18n/locale';
import { pageIdentity } from '../visitor-identity';
import { connectSocket } from './chat-connection';
import { ChatPanel } from './chat-panel';
import { panelStyles } from './chat-panel.styles';
import { ChatSession } from './chat-session';
import { siteTheme } from './site-theme';
import { VisitorStorage } from './visitor-storage';
import type { Bootstrap } from './types';
import { WidgetApi } from './widget-api';

export function mount(host: ChatHost, reason: MountReason, bootstrap?: Bootstrap): ChatApp {
  let t = english;
  let labels: LauncherStrings | undefined; // the launcher's names; the loader's English while undefined
  let announced: string | undefined; // the message the live region holds
  adoptStyles(host.root, panelStyles);
  const setTheme = adoptStyles(host.root, '');

  // The language is settled by the bootstrap (the website's `locale`); until
  // then, the one it most likely is loads alongside, so a first open does not
  // wait for it twice.
  const choose = (website?: string | null) =>
    resolveLocale({ attribute: host.lang, website, browser: browserLanguages() });
  let wanted: Locale;
  const localize = (locale: Locale) => {
    wanted = locale;
    return loadTranslation(locale).then((translation) => {
      if (wanted !== locale) return;
      t = translation.panel;
      labels = translation.launcher;
      panel.localize(translation);
      host.frame.lang = host.panel.lang = translation.locale;
      host.panel.dir = translation.dir;
      host.launcher(session.unread(), labels);
    });
  };

  const session: ChatSession = new ChatSession(
    {
      websiteKey: host.websiteKey,
      api: new WidgetApi(host.apiOrigin),
      storage: new VisitorStorage(host.websiteKey),
      connect: (auth, handlers) => connectSocket(host.apiOrigin, auth, handlers),
      bootstrap,
      identity: pageIdentity(host.element, host.preset),
    },
    {
      changed: () => {
        panel.update();
        host.launcher(session.unread(), labels);
      },
      added: (messages) => {
        for (const message of messages) {
          host.element.dispatchEvent(
            new CustomEvent('zendo:message', { detail: message, bubbles: true, composed: true }),
          );
          if (message.sender.type !== 'visitor') {
            // Through the element's live region, outside the panel: heard while it is closed too.
            const said = document.createElement('p');
            said.textContent = t.newMessage(
              message.sender.name || t.agent,
              message.body || (message.attachments ?? []).map((a) => a.name).join(', '),
            );
            host.live.replaceChildren(said);
            announced = message.id;
          }
        }
      },
      removed: (ids) => {
        if (announced && ids.includes(announced)) host.live.replaceChildren();
      },
      website: (website) => {
        setTheme(siteTheme(website.settings?.color));
        // The page's own `position` attribute wins over the website's setting.
        const position = website.settings?.position;
        if (position && !host.element.hasAttribute('position')) {
          host.frame.classList.toggle('left', position === 'left');
        }
        return localize(choose(website.locale));
      },
    },
  );
  const panel = new ChatPanel(host, session);
  void localize(choose());
  const start = (live: boolean) => session.start(live).catch(() => undefined); // the panel shows the error state
  const onVisibility = () => {
    session.setViewing(host.isOpen() && !document.hidden);
    if (!document.hidden) session.wake();
  };
  document.addEventListener('visibilitychange', onVisibility);

  // Loaded ahead of an open: only a returning visitor is bootstrapped (for the
  // unread badge, live replies and what is left to send); a new one is not
  // created until they open the chat.
  if (reason === 'open' || session.isReturning) void start(reason === 'open');
  panel.update();

  return {
    opened() {
      session.setViewing(!document.hidden);
      // Retries a failed bootstrap; after an idle one, connects the socket.
      void start(true);
      panel.focusSoon();
    },
    closed() {
      session.setViewing(false);
    },
    identify: (profile) => session.identify(profile),
    destroy() {
      document.removeEventListener('visibilitychange', onVisibility);
      session.destroy();
      panel.clear();
    },
  };
}
