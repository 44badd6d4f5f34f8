/** The minutes of a QAPP meeting held on 15 April 2020, as the QAPP rule tests judge them. */
import { AUDIT_REFERENCE_PATTERN, PARTICIPANT_ID_PATTERN } from '../../domain/audits';
import type { MinutesFacts } from '../../domain/qapp-cycle';

export const minutesToday = '2020-04-20';
export const minutesPatterns = { reference: AUDIT_REFERENCE_PATTERN, owner: PARTICIPANT_ID_PATTERN };
export const minutesMeeting = { id: 'WSCP-M4', type: 1 as const, purpose: 'standard' as const, date: '2020-04-15', state: 'awaiting-minutes' };
export const minutesFacts = (over: Partial<MinutesFacts> = {}): MinutesFacts => ({
  meeting: minutesMeeting,
  meetingId: minutesMeeting.id,
  heldOn: '2020-04-15',
  decisions: 2,
  actions: [],
  takenActionKeys: new Set(),
  launches: [],
  knownAudits: new Set(),
  suspended: () => false,
  ...over,
});
