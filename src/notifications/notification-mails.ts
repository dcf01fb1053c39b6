import { escapeHtml, Mail } from '../common/mailer';
import type { ConversationForMail, MailMessage } from './notifications.repository';

/** The mails themselves: plain text, and the same as simple HTML with everything quoted escaped. */

function lines(messages: MailMessage[]): string[] {
  return messages.map((m) => `${m.sender_name || (m.sender_type === 'visitor' ? 'Visitor' : 'Agent')}: ${m.body}`);
}

function html(intro: string, messages: MailMessage[], link: { href: string; label: string }, footer = ''): string {
  const quoted = messages
    .map(
      (m) =>
        `<p style="margin:0 0 12px"><strong>${escapeHtml(m.sender_name || m.sender_type)}</strong><br>${escapeHtml(m.body).replace(/\n/g, '<br>')}</p>`,
    )
    .join('');
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4"><p>${escapeHtml(intro)}</p>${quoted}<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>${footer}</body></html>`;
}

/** To agents: a visitor's messages that nobody read. */
export function unreadMail(
  to: string,
  conversation: ConversationForMail,
  messages: MailMessage[],
  consoleUrl: string,
): Mail {
  const who = conversation.visitor_name || conversation.visitor_email || 'A visitor';
  const intro = `${who} wrote on ${conversation.website_name} and nobody has read it yet:`;
  return {
    to,
    subject: `${who} is waiting on ${conversation.website_name}`,
    text: `${intro}\n\n${lines(messages).join('\n\n')}\n\nAnswer: ${consoleUrl}\n`,
    html: html(intro, messages, { href: consoleUrl, label: 'Open the conversation' }),
    ...(conversation.visitor_email ? { replyTo: conversation.visitor_email } : {}),
  };
}

/** To a visitor: the team's replies they were not there to see. */
export function replyMail(conversation: ConversationForMail, messages: MailMessage[], unsubscribeUrl: string): Mail {
  const intro = `You have a reply from ${conversation.website_name}:`;
  const back = conversation.page_url ?? null;
  const text = [
    intro,
    '',
    lines(messages).join('\n\n'),
    '',
    back ? `Continue the conversation: ${back}` : '',
    `Stop these emails: ${unsubscribeUrl}`,
  ].join('\n');
  return {
    to: conversation.visitor_email!,
    subject: `A reply from ${conversation.website_name}`,
    text,
    html: html(
      intro,
      messages,
      back ? { href: back, label: 'Continue the conversation' } : { href: unsubscribeUrl, label: 'Stop these emails' },
      `<p style="color:#666;font-size:12px"><a href="${escapeHtml(unsubscribeUrl)}">Stop these emails</a></p>`,
    ),
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
