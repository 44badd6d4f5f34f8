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
  /**
   * Waits up to `waitMs` for a free connection and holds it until released; rejects with code
   * `EQUEUE` (nothing sent) when none frees in time. Without it every send goes at once.
   */
  connection?(waitMs: number): Promise<() => void>;
}

/** At most `size` holders at once; the rest wait in order, each up to its own limit. */
export function connectionSlots(size: number): (waitMs: number) => Promise<() => void> {
  let free = size;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  };
  return (waitMs) => {
    if (free > 0) {
      free -= 1;
      return Promise.resolve(once(release));
    }
    return new Promise((resolve, reject) => {
      const take = () => {
        clearTimeout(timer);
        resolve(once(release));
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(take), 1);
        reject(Object.assign(new Error(`no SMTP connection free within ${waitMs} ms; nothing sent`), { code: 'EQUEUE', command: 'API' }));
      }, waitMs);
      waiting.push(take);
    });
  };
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (!done) f();
    done = true;
  };
}

/**
 * SMTP_MAX_CONNECTIONS. Ten: 1,000 reminders (2,000 emails) took 334 to 567 s through 3 and 73 to
 * 144 s through 10 on a loaded 2-core machine (README "Running at scale"). Postfix accepts 50 at
 * once from one client by default (smtpd_client_connection_count_limit); a hosted relay may allow fewer.
 */
export const DEFAULT_SMTP_CONNECTIONS = 10;

export function createSmtpMailer(smtpUrl: string, maxConnections = DEFAULT_SMTP_CONNECTIONS): Mailer {
  // nodemailer ignores every other option when it is given `url`, so the URL is parsed here and its
  // settings (host, port, auth, query options) laid over these.
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections,
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
  const connection = connectionSlots(maxConnections);
  return {
    connection,
    async send(m) {
      await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}), messageId: m.messageId, headers: m.headers });
    },
    close() {
      transport.close();
    },
  };
}
