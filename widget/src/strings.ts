// Every user-visible string of the widget. The loader and the chat chunk each
// import only their own table, so the loader stays small. A translation is a
// new entry per table keyed by language tag ("de", "pt-br").

export const launcherStrings = {
  en: {
    open: 'Open chat',
    close: 'Close chat',
    unread: (count: number) => (count === 1 ? '1 unread message' : `${count} unread messages`),
    chat: 'Chat',
    loading: 'Loading…',
    unavailable: 'Chat is unavailable right now. Please try again later.',
  },
};

export const panelStrings = {
  en: {
    title: 'Chat',
    close: 'Close chat',
    online: 'We’re online',
    away: 'We’ll reply as soon as we can',
    reconnecting: 'Reconnecting…',
    greeting: 'Hi! How can we help?',
    messages: 'Messages',
    message: 'Message',
    placeholder: 'Write a message…',
    send: 'Send',
    sending: 'Sending…',
    notSent: 'Not sent.',
    retry: 'Retry',
    you: 'You',
    agent: 'Support',
    typing: (name: string) => `${name} is typing…`,
    newMessage: (name: string, body: string) => `${name}: ${body}`,
    closed: 'This conversation has ended.',
    startNew: 'Start a new conversation',
    conversations: 'Your conversations',
    allConversations: 'All conversations',
    back: 'Back to the conversation',
    conversation: 'Conversation',
    open: 'Open',
    ended: 'Ended',
    loading: 'Loading…',
    offline: 'We can’t reach the chat right now. Check your connection and try again.',
    unavailable: 'Chat is unavailable on this site right now.',
    tryAgain: 'Try again',
    tooLong: (max: number) => `Messages can be at most ${max} characters.`,
  },
};

export type LauncherStrings = (typeof launcherStrings)['en'];
export type PanelStrings = (typeof panelStrings)['en'];

/** The element's `lang`, else the document's, else English. */
export function resolveLang(element: Element): string {
  return element.getAttribute('lang') || document.documentElement.lang || 'en';
}

/** Exact tag first ("pt-br"), then its language ("pt"), then English. */
export function pickStrings<T>(table: { en: T } & Record<string, T>, lang: string): T {
  const tag = lang.toLowerCase();
  return table[tag] ?? table[tag.split('-')[0]] ?? table.en;
}
