import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps what it receives; `refuse(n)` makes it fail the next n mails. */
export async function mailbox() {
  const received: { to: string; text: string }[] = [];
  let refusing = 0;
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      stream.on('end', () => {
        if (refusing > 0) {
          refusing -= 1;
          refused += 1;
          return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        }
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (n: number) => (refusing = n),
    refused: () => refused,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Mail every signup gets (the link to confirm the address); specs about other mail leave it out. */
export const isAccountMail = (m: { text: string }) => /verify-email\?token|reset-password\?token/.test(decoded(m.text));

/** The token in a mail's link to `page` (verify-email, reset-password, invite). */
export const linkToken = (text: string, page: string) => {
  const match = new RegExp(`${page}\\?token=([A-Za-z0-9_-]+)`).exec(decoded(text));
  if (!match) throw new Error(`no ${page} link in the mail`);
  return match[1];
};

/** The token in the mail's link (the body is quoted-printable). */
export const tokenIn = (text: string) => {
  const decoded = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return /invite\?token=([A-Za-z0-9_-]+)/.exec(decoded)![1];
};

/** The text of a quoted-printable mail, soft line breaks joined. */
export const decoded = (text: string) =>
  text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
