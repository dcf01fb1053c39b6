import { Inject, Injectable, Logger } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
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
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtpUrl ? createTransport(config.smtpUrl) : null;
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
    if (!this.transport) {
      // Mail carries links with tokens: it goes to the log only where nobody else reads it.
      if (this.config.nodeEnv !== 'production') this.logger.log(`to ${mail.to}: ${mail.subject}\n${mail.text}`);
      else this.logger.warn(`SMTP_URL is not set: "${mail.subject}" to ${mail.to} was not sent`);
      return false;
    }
    await this.transport.sendMail({ from: this.from, ...mail });
    return true;
  }
}
