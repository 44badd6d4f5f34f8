/**
 * Structured logs (pino). The child's pseudonym and every free-text field are redacted wherever they
 * appear, as are credentials; each request's line carries its request id.
 */
import pino, { type Logger } from 'pino';

export const REDACTED_FIELDS = ['childPseudonym', 'note', 'notes', 'rationale', 'summary', 'reason', 'comment', 'comments', 'text', 'body', 'authorization', 'token', 'secret'];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const paths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);
  return pino(
    { level: options.level ?? 'info', base: { service: 'review-engine-api' }, redact: { paths, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime },
    options.destination ?? pino.destination(2),
  );
}
