// The chat chunk: loaded by widget.js on first open or when the browser is idle.
import { adoptStyles } from '../adopt-styles';
import type { ChatApp, ChatHost, MountReason } from '../chat-host';
import { panel as english } from '../i18n/en';
import { browserLanguages, loadTranslation, resolveLocale, type Locale } from '../i18n/locale';
import { connectSocket } from './chat-connection';
import { ChatPanel } from './chat-panel';
import { panelStyles } from './chat-panel.styles';
import { ChatSession } from './chat-session';
import { siteTheme } from './site-theme';
import { VisitorStorage } from './visitor-storage';
import { WidgetApi } from './widget-api';

export function mount(host: ChatHost, reason: MountReason): ChatApp {
  let t = english;
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
      panel.localize(translation);
      host.localize(translation.locale, translation.dir, translation.launcher);
    });
  };

  const session: ChatSession = new ChatSession(
    {
      websiteKey: host.websiteKey,
      api: new WidgetApi(host.apiOrigin),
      storage: new VisitorStorage(host.websiteKey),
      connect: (auth, handlers) => connectSocket(host.apiOrigin, auth, handlers),
    },
    {
      changed: () => {
        panel.update();
        host.setUnread(session.unread());
      },
      added: (messages) => {
        for (const message of messages) {
          host.dispatch('zendo:message', message);
          if (message.sender.type !== 'visitor') {
            host.announce(t.newMessage(message.sender.name || t.agent, message.body));
          }
        }
      },
      website: (website) => {
        setTheme(siteTheme(website.settings?.color));
        if (website.settings?.position) host.setPosition(website.settings.position);
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

  // Prefetched on idle: only a returning visitor is bootstrapped (for the unread
  // badge); a new one is not created until they open the chat.
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
