import { Inject, Injectable, Logger } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Outgoing mail through SMTP_URL; without it, mail is written to the log (development). */
@Injectable()
export class Mailer {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.transport = config.smtpUrl ? createTransport(config.smtpUrl) : null;
    this.from = `Zendo <no-reply@${new URL(config.publicUrl).hostname}>`;
  }

  /** Never throws: a mail that cannot be sent is logged, the use case goes on. */
  async send(mail: Mail): Promise<boolean> {
    if (!this.transport) {
      this.logger.log(`to ${mail.to}: ${mail.subject}\n${mail.text}`);
      return false;
    }
    try {
      await this.transport.sendMail({ from: this.from, ...mail });
      return true;
    } catch (error) {
      this.logger.warn(`could not send "${mail.subject}" to ${mail.to}: ${(error as Error).message}`);
      return false;
    }
  }
}
