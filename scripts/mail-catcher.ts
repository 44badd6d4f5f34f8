/**
 * A local mail catcher: a real SMTP listener on loopback that keeps every message, with a small
 * web inbox. `npm start` runs it so reminders can be read without configuring anything; the tests
 * use it as their real SMTP peer.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMessage {
  id: number;
  receivedAt: string;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  headers: Record<string, string>;
}

export interface MailCatcher {
  smtpPort: number;
  httpPort?: number;
  messages: CaughtMessage[];
  /** While set, the SMTP listener refuses every message with a temporary failure (tests of SMTP outages). */
  refuseWith?: string;
  /**
   * Runs once a message is kept and before the listener replies 250, as a relay commits before it
   * answers: a test can stop the sender here, so that it never learns the message was accepted
   * (RFC 1047's window).
   */
  beforeReply?: (message: CaughtMessage) => Promise<void> | void;
  close(): Promise<void>;
}

export async function startMailCatcher(options: { smtpPort?: number; httpPort?: number; host?: string; dir?: string } = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const messages: CaughtMessage[] = [];
  if (options.dir) {
    mkdirSync(options.dir, { recursive: true });
    for (const f of readdirSync(options.dir).filter((f) => f.endsWith('.json')).sort()) messages.push(JSON.parse(readFileSync(join(options.dir, f), 'utf8')) as CaughtMessage);
  }
  const catcher: MailCatcher = { smtpPort: 0, messages, close: async () => undefined };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      if (catcher.refuseWith) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error(catcher.refuseWith), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of parsed.headers) if (typeof v === 'string') headers[k] = v;
          const message: CaughtMessage = {
            id: messages.length + 1,
            receivedAt: new Date().toISOString(),
            messageId: parsed.messageId ?? '',
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
            headers,
          };
          messages.push(message);
          if (options.dir) writeFileSync(join(options.dir, `${String(message.id).padStart(6, '0')}.json`), JSON.stringify(message, null, 2));
          return catcher.beforeReply?.(message);
        })
        .then(() => callback())
        .catch((err: Error) => callback(err));
    },
  });
  // A sender that dies mid-transaction resets its connection; a relay carries on.
  smtp.on('error', () => undefined);
  await listen(smtp.server, options.smtpPort ?? 0, host, 'SMTP_PORT (mail catcher)');
  catcher.smtpPort = (smtp.server.address() as AddressInfo).port;

  let http: Server | undefined;
  if (options.httpPort !== undefined) {
    http = createServer((req, res) => {
      if (req.url === '/messages.json') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(messages));
        return;
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(inboxPage(messages));
    });
    await listen(http, options.httpPort, host, 'MAIL_UI_PORT');
    catcher.httpPort = (http.address() as AddressInfo).port;
  }
  catcher.close = async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    if (http) await new Promise<void>((resolve) => http!.close(() => resolve()));
  };
  return catcher;
}

function listen(server: Server | NetServer, port: number, host: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: stop what uses it or set ${variable} to another port`) : err),
    );
    server.listen(port, host, () => resolve());
  });
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function inboxPage(messages: CaughtMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map((m) => `<article><h2>${escape(m.subject)}</h2><p class="meta">to ${escape(m.to.join(', '))} · ${escape(m.receivedAt)} · ${escape(m.messageId)}</p><pre>${escape(m.text)}</pre></article>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>review-engine: local mail (${messages.length})</title>
<meta http-equiv="refresh" content="10"><style>body{font:16px system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}article{border-top:1px solid #999;padding:.5rem 0}.meta{color:#444;font-size:.9rem}pre{white-space:pre-wrap}</style></head>
<body><h1>Local mail catcher: ${messages.length} message${messages.length === 1 ? '' : 's'}</h1><p>Every email review-engine sends while running with <code>npm start</code> lands here. Newest first; refreshes every 10 seconds.</p>${rows || '<p>No mail yet.</p>'}</body></html>`;
}
