/** The outgoing mail transport: nodemailer, pooled, from SMTP_URL. */
import nodemailer from 'nodemailer';

export interface OutgoingMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** An HTML alternative to `text`, where the message has one (the weekly digest). */
  html?: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

export function createSmtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as nodemailer.TransportOptions);
  return {
    async send(m) {
      await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}), messageId: m.messageId, headers: m.headers });
    },
    close() {
      transport.close();
    },
  };
}
