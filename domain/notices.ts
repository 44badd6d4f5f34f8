/**
 * The words of every email the engine sends. Only the case reference and dates appear: never a
 * child's name or pseudonym (PROCESSES.md, data protection).
 */
import { formatLongDate, type IsoDate } from './dates';
import type { Deadline } from './deadlines';
import type { RecipientRole, Reminder } from './reminders';

export interface Notice {
  /** Stable across retries and replays: the email's idempotency key and the seed of its Message-ID. */
  key: string;
  caseReference: string;
  kind: 'reminder' | 'overdue' | 'escalation' | 'status' | 'notification' | 'digest';
  to: RecipientRole[];
  /** Organisational mailboxes (a school, an agency) besides the roles' addresses. */
  toAddresses?: string[];
  subject: string;
  text: string;
  /** An HTML alternative, where the message has one (the weekly digest). */
  html?: string;
}

function plural(n: number, word: string): string {
  return `${n} working ${word}${n === 1 ? '' : 's'}`;
}

export function reminderNotice(caseReference: string, deadline: Deadline, reminder: Reminder): Notice {
  const offset = reminder.workingDaysFromDue;
  const when =
    offset < 0 ? `due in ${plural(-offset, 'day')}` : offset === 0 ? 'due today' : `overdue by ${plural(offset, 'day')}`;
  const kind = reminder.kind === 'escalation' ? 'escalation' : offset > 0 ? 'overdue' : 'reminder';
  const label = kind === 'escalation' ? 'ESCALATION: ' : kind === 'overdue' ? 'OVERDUE: ' : 'Reminder: ';
  return {
    key: `${caseReference}:${reminder.key}`,
    caseReference,
    kind,
    to: reminder.to,
    subject: `[${caseReference}] ${label}${deadline.title} ${when} (${formatLongDate(deadline.due)})`,
    text: [
      `Case ${caseReference}: ${deadline.title} is ${when}.`,
      '',
      `Deadline: ${deadline.sentence}.`,
      deadline.due !== deadline.statutoryDue ? `The statutory date was ${formatLongDate(deadline.statutoryDue)}.` : '',
      `Rule: ${deadline.explanation.rule.id} ${deadline.explanation.rule.title} (${deadline.explanation.rule.source}).`,
      '',
      'This reminder was sent by review-engine. Record the milestone when it is done and the reminders stop.',
    ]
      .filter((line, i, all) => line !== '' || all[i - 1] !== '')
      .join('\n'),
  };
}

/** One message for a case entered with dates already past, instead of every reminder it missed. */
export function statusOnEntryNotice(caseReference: string, today: IsoDate, overdue: Deadline[], upcoming: Deadline[]): Notice {
  const lines = [
    `Case ${caseReference} was recorded on ${formatLongDate(today)} with dates already past.`,
    '',
    ...(overdue.length > 0 ? ['Overdue:', ...overdue.map((d) => `- ${d.title}: ${d.sentence}`), ''] : []),
    ...(upcoming.length > 0 ? ['Still to come:', ...upcoming.map((d) => `- ${d.title}: ${d.sentence}`), ''] : []),
    'Reminders that fell before the case was recorded are not sent one by one; this message replaces them.',
  ];
  return {
    key: `${caseReference}:status-on-entry`,
    caseReference,
    kind: 'status',
    to: ['cspr-chair'],
    subject: `[${caseReference}] Status on entry: ${overdue.length} deadline${overdue.length === 1 ? '' : 's'} already overdue`,
    text: lines.join('\n'),
  };
}

/**
 * A formal notification to the Panel, the Secretary of State, Ofsted, DfE or the partners
 * (PROCESSES.md T1-T10). `key` names the event, e.g. 'lcspr-commissioned'; the case reference
 * and dates only, never the child's pseudonym or free text.
 */
export function caseNotice(caseReference: string, key: string, to: RecipientRole[], title: string, lines: string[]): Notice {
  return {
    key: `${caseReference}:notice:${key}`,
    caseReference,
    kind: 'notification',
    to,
    subject: `[${caseReference}] ${title}`,
    text: [`Case ${caseReference}: ${title}.`, '', ...lines, '', 'Sent by review-engine for the safeguarding partners. Details are held in the case file under this reference.'].join('\n'),
  };
}

/** The hold on a review is due for review (its expected resume date has passed). */
export function holdReviewNotice(caseReference: string, expectedResumeOn: IsoDate, pausedFrom: IsoDate, reason: string, reminderKey: string): Notice {
  return {
    key: `${caseReference}:${reminderKey}`,
    caseReference,
    kind: 'reminder',
    to: ['cspr-chair'],
    subject: `[${caseReference}] Reminder: review the hold (expected to resume ${formatLongDate(expectedResumeOn)})`,
    text: [
      `Case ${caseReference} has been on hold since ${formatLongDate(pausedFrom)} (${reason}).`,
      `It was expected to resume by ${formatLongDate(expectedResumeOn)}. Resume it, or record a new expected date by pausing again after resuming.`,
    ].join('\n'),
  };
}
