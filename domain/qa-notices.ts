/** The words of the quality assurance programme's emails: references, codes and dates only. */
import { AUDIT_TEMPLATES, type AuditType, type LadderReminder, type Participant } from './audits';
import { formatLongDate, type IsoDate } from './dates';
import type { Notice } from './notices';
import { MEETING_PURPOSES, type MeetingType } from './qapp-cycle';

function when(offset: number): string {
  const n = Math.abs(offset);
  const days = `${n} working day${n === 1 ? '' : 's'}`;
  return offset < 0 ? `due in ${days}` : offset === 0 ? 'due today' : `overdue by ${days}`;
}

function label(kind: LadderReminder['kind']): string {
  return kind === 'escalation' ? 'ESCALATION: ' : kind === 'overdue' ? 'OVERDUE: ' : 'Reminder: ';
}

/** One participant's reminder: the key names the participant, so each school gets its own message once. */
export function returnReminderNotice(reference: string, type: AuditType, participant: Participant, reminder: LadderReminder, due: IsoDate): Notice {
  return {
    key: `${reference}:${participant.id}:${reminder.key}`,
    caseReference: reference,
    kind: reminder.kind === 'reminder' ? 'reminder' : 'overdue',
    to: participant.address ? [] : ['agency-lead'],
    ...(participant.address ? { toAddresses: [participant.address] } : {}),
    subject: `[${reference}] ${label(reminder.kind === 'escalation' ? 'overdue' : reminder.kind)}${AUDIT_TEMPLATES[type].title} return from ${participant.label} ${when(reminder.offset)} (${formatLongDate(due)})`,
    text: [
      `${participant.label}: your return for ${reference} (${AUDIT_TEMPLATES[type].title}) is ${when(reminder.offset)}.`,
      `Due date: ${formatLongDate(due)}.`,
      '',
      'This reminder was sent by review-engine. It stops once your return is recorded.',
    ].join('\n'),
  };
}

/** The escalation list: who still owes a return, to the executive and the QAPP chair. */
export function escalationListNotice(reference: string, type: AuditType, outstanding: Participant[], total: number, reminder: LadderReminder, due: IsoDate): Notice {
  return {
    key: `${reference}:escalation-list:${reminder.key}`,
    caseReference: reference,
    kind: 'escalation',
    to: ['executive', 'qapp-chair'],
    subject: `[${reference}] ESCALATION: ${outstanding.length} of ${total} returns outstanding, ${when(reminder.offset)}`,
    text: [
      `${AUDIT_TEMPLATES[type].title} ${reference}: returns were due on ${formatLongDate(due)}.`,
      `${total - outstanding.length} of ${total} returned. Still outstanding:`,
      ...outstanding.map((p) => `- ${p.label} (${p.id})`),
    ].join('\n'),
  };
}

export function actionReminderNotice(scope: string, actionKey: string, owner: string, ownerAddress: string | undefined, reminder: LadderReminder, due: IsoDate): Notice {
  return {
    key: `${scope}:action:${reminder.key}`,
    caseReference: scope,
    kind: reminder.kind,
    to: reminder.kind === 'escalation' ? ['qapp-chair', 'executive'] : ownerAddress ? ['qapp-chair'] : ['qapp-chair', 'agency-lead'],
    ...(ownerAddress ? { toAddresses: [ownerAddress] } : {}),
    subject: `[${scope}] ${label(reminder.kind)}action ${actionKey} (owner ${owner}) ${when(reminder.offset)} (${formatLongDate(due)})`,
    text: [`Action ${actionKey} from ${scope}, owned by ${owner}, is ${when(reminder.offset)}.`, '', 'Reminders stop once the action is recorded as done.'].join('\n'),
  };
}

export function agendaNotice(partnership: string, meetingId: string, type: MeetingType, purpose: 'standard' | 'repurposed', date: IsoDate, papersDueOn: IsoDate, auditsForReview: string[]): Notice {
  const business = purpose === 'repurposed' ? `${MEETING_PURPOSES[2]} (audit activity is suspended: this audit meeting is repurposed)` : MEETING_PURPOSES[type];
  return {
    key: `qapp:${partnership}:${meetingId}:agenda`,
    caseReference: meetingId,
    kind: 'status',
    to: ['qapp-chair'],
    subject: `[${meetingId}] QAPP meeting ${type} on ${formatLongDate(date)}: agenda`,
    text: [
      `QAPP meeting ${meetingId} (${partnership}) is on ${formatLongDate(date)}.`,
      `Business: ${business}.`,
      `Papers are due by ${formatLongDate(papersDueOn)}.`,
      ...(auditsForReview.length > 0 ? ['', 'Audits due for review:', ...auditsForReview.map((a) => `- ${a}`)] : []),
    ].join('\n'),
  };
}

export function papersDeadlineNotice(partnership: string, meetingId: string, date: IsoDate, papersDueOn: IsoDate): Notice {
  return {
    key: `qapp:${partnership}:${meetingId}:papers`,
    caseReference: meetingId,
    kind: 'reminder',
    to: ['qapp-chair'],
    subject: `[${meetingId}] Reminder: papers for the QAPP meeting on ${formatLongDate(date)} are due today`,
    text: `Papers for QAPP meeting ${meetingId} (${formatLongDate(date)}) are due today, ${formatLongDate(papersDueOn)}.`,
  };
}

export function minutesReminderNotice(partnership: string, meetingId: string, date: IsoDate, reminder: LadderReminder): Notice {
  return {
    key: `qapp:${partnership}:${meetingId}:minutes:${reminder.key}`,
    caseReference: meetingId,
    kind: reminder.kind,
    to: reminder.kind === 'escalation' ? ['qapp-chair', 'executive'] : ['qapp-chair'],
    subject: `[${meetingId}] ${label(reminder.kind)}minutes of the QAPP meeting on ${formatLongDate(date)} ${when(reminder.offset)}`,
    text: `Minutes of QAPP meeting ${meetingId} (${formatLongDate(date)}) are ${when(reminder.offset)}. Record them to stop these reminders.`,
  };
}
