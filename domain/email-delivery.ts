/**
 * Where an email stands, as the case page and the API show it, from its row in the mail log
 * (`EmailMessage`: status, attempts). One function, so two screens never disagree.
 */
export type EmailDelivery = 'queued' | 'sending' | 'retrying' | 'sent' | 'failed';

export function emailDelivery(row: { status: string; attempts: number }): EmailDelivery {
  switch (row.status) {
    case 'sent':
      return 'sent';
    case 'pending':
      return 'queued';
    case 'sending':
      return row.attempts > 1 ? 'retrying' : 'sending';
    // Refused by the relay: the activity retries it, with backoff up to five minutes, until it is accepted.
    case 'failed':
      return 'retrying';
    // No address for its recipients: never retried; the timeline asks for it to be sent by hand.
    default:
      return 'failed';
  }
}
