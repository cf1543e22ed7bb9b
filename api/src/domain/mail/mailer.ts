import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

/** One email: both a plain-text and an HTML body. `links` are what the message asks the reader to open (logged by the file mailer). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  links?: string[];
}

/** Where mail goes: SMTP when `SMTP_URL` is set, else `.eml` files (development and tests). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`; unset: write files. */
  smtpUrl?: string;
  from: string;
  /** The folder `.eml` files go to when there is no SMTP server. */
  dir: string;
  logger: Pick<Logger, 'info' | 'warn'>;
}

export function createMailer(opts: MailerOptions): Mailer {
  return opts.smtpUrl ? smtpMailer(opts.smtpUrl, opts) : fileMailer(opts);
}

/**
 * Writes each message as an RFC 5322 `.eml` file (what an SMTP server would have received) under
 * `dir`, named so they sort by time, and logs its links, so sign-up and invitations work with
 * nothing configured: open the link from the log, or the file in a mail client.
 */
function fileMailer(opts: MailerOptions): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail({ from: opts.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
      fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
      const file = path.join(opts.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}.eml`);
      fs.writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      opts.logger.info({ to: message.to, subject: message.subject, file, links: message.links ?? [] }, `mail written to ${file}${message.links?.length ? `; link: ${message.links[0]}` : ''}`);
    },
    close() {
      transport.close();
    },
  };
}

function smtpMailer(url: string, opts: MailerOptions): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from: opts.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    close() {
      transport.close();
    },
  };
}
