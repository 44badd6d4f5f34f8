/** What the workflows hand to their activities: plain JSON, no personal data. */
import type { IsoDate } from '../domain/dates';
import type { Notice } from '../domain/notices';
import type { DeadlineView } from '../workflows/definitions';

export interface TimelineEntry {
  /** Stable per event, so a retried or replayed write records it once. */
  key: string;
  occurredOn: IsoDate;
  kind: string;
  summary: string;
  actor?: string;
}

export interface CaseSnapshot {
  reference: string;
  process: 'rapid-review' | 'practice-review';
  workflowId: string;
  stage: string;
  state: 'open' | 'completed';
  awareOn: IsoDate;
  ruleSetId: string;
  calendarVersion: string;
  /** Increases with every change; an older snapshot arriving late never overwrites a newer one. */
  revision: number;
  deadlines: DeadlineView[];
  timeline: TimelineEntry[];
  /** A practice review's rapid review: its row inherits the protected pseudonym from there. */
  parentReference?: string;
  /** On hold (paused or publication deferred). */
  paused?: boolean;
  /** Emails queued since the last snapshot, recorded as pending before they are sent. */
  queuedEmails?: QueuedEmail[];
}

export type QueuedEmail = Pick<Notice, 'key' | 'kind' | 'subject' | 'to' | 'toAddresses'>;
