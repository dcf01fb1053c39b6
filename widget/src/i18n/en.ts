// English, the fallback for every other language. A translation is a file
// beside this one with exactly these keys (test/unit/i18n.test.ts holds them
// to it), loaded with the chat when the website or the browser asks for it.

/** The launcher's names. The loader ships these (English) and the chat replaces them once the language is known. */
export const launcher = {
  open: 'Open chat',
  close: 'Close chat',
  /** The launcher's name while the visitor has unread messages (count ≥ 1). */
  openWithUnread: (count: number) => `Open chat, ${count === 1 ? '1 unread message' : `${count} unread messages`}`,
  chat: 'Chat',
};

/**
 * Shown by the loader before the chat (and so the language) has loaded, or
 * when it cannot load: English only, since no translation is there yet.
 */
export const loader = {
  loading: 'Loading…',
  unavailable: 'Chat is unavailable right now. Please try again later.',
};

export const panel = {
  title: 'Chat',
  close: 'Close chat',
  online: 'We’re online',
  away: 'We’re away – we’ll reply by email',
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
  deleted: 'Message deleted',
  loading: 'Loading…',
  offline: 'We can’t reach the chat right now. Check your connection and try again.',
  unavailable: 'Chat is unavailable on this site right now.',
  tryAgain: 'Try again',
  emailPrompt: 'Leave your email so we can answer by mail',
  emailSave: 'Save',
  emailSaving: 'Saving…',
  emailInvalid: 'Please enter a valid email address, like name@example.com.',
  emailRefused: 'We couldn’t save this email address. Please check it and try again.',
  emailFailed: 'Your email address could not be saved right now. Please try again.',
  emailSaved: (email: string) => `Thanks! We’ll reply to ${email}.`,
  attach: 'Attach a file',
  uploading: (percent: number) => `Uploading… ${percent}%`,
  fileTooBig: (limit: string) =>
    limit ? `This file is too big. Files can be up to ${limit}.` : 'This file is too big.',
  fileType: 'Only images, PDFs and text files can be sent.',
  fileTooMany: 'Too many files at once. Please wait a moment.',
  fileFailed: 'The file could not be sent.',
  remove: 'Remove',
  seen: 'Seen',
  rateTitle: 'How did we do?',
  rateScore: (score: number) => `${score} out of 5`,
  rateComment: 'Add a comment (optional)',
  rateSend: 'Send rating',
  rateThanks: 'Thanks for your feedback!',
  rateFailed: 'Your rating could not be sent. Please try again.',
};

export type LauncherStrings = typeof launcher;
export type PanelStrings = typeof panel;
