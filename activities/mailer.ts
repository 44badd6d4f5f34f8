/** The outgoing mail transport: nodemailer, pooled, from SMTP_URL. */
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';

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
  // nodemailer ignores every other option when it is given `url`, so the URL is parsed here and its
  // settings (host, port, auth, query options) laid over these.
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    // A stalled relay fails the attempt, and is recorded, before Temporal's 30 s start-to-close
    // timeout gives up on it and retries alongside it.
    socketTimeout: 20_000,
    ...parseConnectionUrl(smtpUrl),
    // The pool would otherwise resend a message on its own when a connection closes mid-send, out
    // of sight of the idempotency record; resending is sendNotice's decision, and it is recorded.
    maxRequeues: 0,
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
