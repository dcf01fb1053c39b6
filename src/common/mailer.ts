import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Simple HTML beside the text; whatever it quotes must already be escaped (see escapeHtml). */
  html?: string;
  replyTo?: string;
  headers?: Record<string, string>;
}

/** Text made safe to place in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Outgoing mail through SMTP_URL; without it, mail is written to the log (outside production only). */
@Injectable()
export class Mailer {
  private readonly logger = new Logger('Mail');
  private transport: Transporter | null = null;
  private readonly from: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.from = `Zendo <no-reply@${new URL(config.publicUrl).hostname}>`;
  }

  /** Never throws: a mail that cannot be sent is logged, the use case goes on. */
  async send(mail: Mail): Promise<boolean> {
    try {
      return await this.deliver(mail);
    } catch (error) {
      this.logger.warn(`could not send "${mail.subject}" to ${mail.to}: ${(error as Error).message}`);
      return false;
    }
  }

  /** Sends, or throws when the SMTP server refuses (for callers that retry). false: no SMTP configured. */
  async deliver(mail: Mail): Promise<boolean> {
    const transport = this.smtp();
    if (!transport) {
      // Mail carries links with tokens: it goes to the log only where nobody else reads it.
      if (this.config.nodeEnv !== 'production') this.logger.log(`to ${mail.to}: ${mail.subject}\n${mail.text}`);
      else this.logger.warn(`SMTP_URL is not set: "${mail.subject}" to ${mail.to} was not sent`);
      return false;
    }
    await transport.sendMail({ from: this.from, ...mail });
    return true;
  }

  /** The SMTP transport, made on the first mail: nodemailer is not loaded by a start (39 files). */
  private smtp(): Transporter | null {
    if (!this.transport && this.config.smtpUrl) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createTransport } = require('nodemailer') as typeof import('nodemailer');
      this.transport = createTransport(this.config.smtpUrl);
    }
    return this.transport;
  }
}
