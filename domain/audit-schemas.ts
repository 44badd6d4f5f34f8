/** zod schemas for the QA programme's API: audits, returns, QAPP meetings and executive controls. */
import { z } from 'zod';
import { AUDIT_MILESTONES, AUDIT_REFERENCE_PATTERN, AUDIT_TYPES, PARTICIPANT_ID_PATTERN } from './audits';
import { pageFields, type PageField } from './form-fields';
import { boundedByToday, IsoDateSchema } from './schemas';

export const AuditReference = z.string().regex(AUDIT_REFERENCE_PATTERN, 'must look like S175-2027 or CFA-2027-NEGLECT: letters, a year, optional suffixes');
export const ParticipantId = z.string().regex(PARTICIPANT_ID_PATTERN, "must be a lower-case code such as 'police' or 'school-100234'");
export const PartnershipCode = z.string().regex(/^[A-Z][A-Z0-9]{1,11}$/, 'must be upper-case letters and digits, e.g. WSCP');
const Key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,19}$/, 'must be a short code such as A1');
const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const ParticipantBody = z.strictObject({
  id: ParticipantId,
  label: Text(80).describe('organisational name, e.g. "Police" or "School 100234"'),
  address: z.email().max(200).optional().describe('organisational mailbox for reminders'),
});

export const ActionBody = z.strictObject({
  key: Key,
  owner: ParticipantId.describe('agency or role code, never a person'),
  dueOn: IsoDateSchema,
  description: Text(500).optional().describe('kept in the protected field, not in workflow history'),
});

export const StartAuditBody = z.strictObject({
  reference: AuditReference,
  type: z.enum(AUDIT_TYPES),
  theme: z.string().regex(/^[a-z0-9][a-z0-9 -]{1,59}$/, 'a short lower-case topic, e.g. "neglect"').optional(),
  sampledCases: z.array(z.string().regex(/^[A-Z][A-Z0-9]{1,11}-\d{4}-\d{2,4}$/, 'case references only')).max(20).optional(),
  participants: z.array(ParticipantBody).min(1).max(1000).describe('each id once: a repeated id is refused with 409'),
  returnsDueOn: boundedByToday(IsoDateSchema, 'after-today'),
  standards: z.array(z.string().regex(/^[A-Za-z0-9-]{1,40}$/)).max(40).optional(),
  repeatAfterMonths: z.number().int().min(0).max(36).optional(),
  partnership: PartnershipCode.optional(),
});
export type StartAuditBody = z.infer<typeof StartAuditBody>;

/** The audits page's start form (api/pages/audits.js), which takes the participants as lines of "code; name; mailbox". */
export function startAuditForm(): PageField[] {
  return pageFields(StartAuditBody, {
    reference: { label: 'Audit reference', hint: 'Letters, the year and an optional suffix, e.g. S175-2027 or CFA-2027-NEGLECT' },
    type: { label: 'Type' },
    theme: { label: 'Theme (optional)', hint: 'A short lower-case topic, e.g. neglect' },
    participants: { label: 'Agencies that owe a return, one a line', widget: 'lines', hint: 'code; name; mailbox (optional), e.g. police; Police; audits@police.example' },
    returnsDueOn: { label: 'Returns due by', hint: 'After today' },
  });
}

/** An audit that opened in the past, recorded now with its real dates: nothing dated before today is emailed. */
export const RecordedAuditBody = StartAuditBody.extend({
  openedOn: boundedByToday(IsoDateSchema.describe('the day the audit opened (today or earlier)'), 'not-after-today'),
  returnsDueOn: IsoDateSchema.describe('after openedOn; may be in the past'),
});

export const AuditRefParams = z.strictObject({ ref: AuditReference });
export const AuditReturnParams = z.strictObject({ ref: AuditReference, participantId: ParticipantId });
export const AuditActionParams = z.strictObject({ ref: AuditReference, key: Key });

export const AuditReturnBody = z.strictObject({
  submittedOn: IsoDateSchema,
  ratings: z.array(z.strictObject({ standard: z.string().max(40), rating: z.enum(['red', 'amber', 'green']) })).max(40).optional(),
  evidence: Text(4000).optional().describe('kept in the protected field, not in workflow history'),
});

export const AuditMilestoneBody = z.strictObject({
  milestone: z.enum(AUDIT_MILESTONES),
  occurredOn: IsoDateSchema,
  actions: z.array(ActionBody).max(100).optional(),
  findings: Text(8000).optional().describe("with 'findings-agreed': the findings, kept in the protected field, not in workflow history"),
});

export const CompleteActionBody = z.strictObject({ completedOn: IsoDateSchema });

export const StartQappBody = z.strictObject({
  partnership: PartnershipCode,
  cadence: z.strictObject({ everyMonths: z.number().int().min(1).max(12), dayOfMonth: z.number().int().min(1).max(31), from: IsoDateSchema.describe('may be in the past: past meetings are recorded, never emailed') }),
  endsOn: IsoDateSchema.optional().describe('no meeting after this day (e.g. the end of a reporting year); on or after cadence.from'),
  config: z
    .strictObject({
      papersDeadlineWorkingDays: z.number().int().min(1).max(30).optional(),
      agendaWorkingDays: z.number().int().min(1).max(30).optional(),
      minutesDueWorkingDays: z.number().int().min(1).max(60).optional(),
      whileSuspended: z.enum(['skip', 'repurpose']).optional(),
    })
    .optional(),
});

export const PartnershipParams = z.strictObject({ partnership: PartnershipCode });
export const MeetingParams = z.strictObject({ partnership: PartnershipCode, meetingId: z.string().regex(/^[A-Z][A-Z0-9]{1,11}-M\d{1,6}$/) });

// Launched by the minutes of a meeting already held: the workflow, not today's date, judges returnsDueOn.
export const LaunchAuditBody = StartAuditBody.omit({ partnership: true }).extend({ returnsDueOn: IsoDateSchema });

export const MinutesBody = z.strictObject({
  heldOn: IsoDateSchema,
  decisions: z.array(Text(1000)).max(50).describe('kept in the protected field; the workflow records only their number'),
  actions: z.array(ActionBody).max(50),
  launchAudits: z.array(LaunchAuditBody).max(10).optional(),
});

export const CompleteMeetingActionBody = z.strictObject({ key: z.string().max(40), completedOn: IsoDateSchema });
export const CadenceBody = z.strictObject({ everyMonths: z.number().int().min(1).max(12), dayOfMonth: z.number().int().min(1).max(31), from: IsoDateSchema });
export const SuspendBody = z.strictObject({ reason: Text(200), from: IsoDateSchema });
export const ResumeAuditsBody = z.strictObject({ on: IsoDateSchema });
export const StopCycleBody = z.strictObject({ on: IsoDateSchema.describe('the last day of the cycle: meetings after it are withdrawn') });
