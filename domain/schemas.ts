/** zod schemas for everything that crosses the API boundary. Pure: shared by API, pages and tests. */
import { z } from 'zod';
import { CaseReference } from './case-reference';
import { isIsoDate } from './dates';
import { pageFields, type PageField } from './form-fields';
import { ISO_DATE_2000S_PATTERN, wholeNumberPattern } from './text-patterns';
import { PREVIEW_PROCESSES } from './deadline-preview';
import { DEFERRAL_REASONS, PAUSE_REASONS } from './practice-review';
import { LEARNING_ROUTES, RAPID_REVIEW_OUTCOMES } from './rapid-review';

export const FIRST_DATE = '2000-01-01';
export const LAST_DATE = '2099-12-31';

/**
 * Where the API also holds a date to today (which a pure schema cannot know), the schema says so
 * under this key and the OpenAPI document turns it into the pattern of the dates accepted today.
 */
export const DATE_BOUND_KEY = 'x-date-bound';
export type DateBound = 'not-after-today' | 'after-today';
export const boundedByToday = <T extends z.ZodType>(schema: T, bound: DateBound): T => schema.meta({ [DATE_BOUND_KEY]: bound });

/** One error for a bad date: the range is mentioned only for a real date outside it. */
export const IsoDateSchema = z.string().regex(new RegExp(ISO_DATE_2000S_PATTERN), {
  error: (issue) =>
    typeof issue.input === 'string' && isIsoDate(issue.input) ? 'must be between 2000-01-01 and 2099-12-31' : 'must be a real calendar date written YYYY-MM-DD',
});

/**
 * A whole number in a query string or a path, as a person writes one: digits and an optional minus.
 * Number() would read '' as 0, '0x10' as 16, '1e3' as 1000 and ' 5' as 5.
 */
export const wholeNumberText = (min: number, max: number) =>
  z
    .string('must be a whole number, given once')
    .regex(new RegExp(wholeNumberPattern(min, max)), {
      error: (issue) =>
        typeof issue.input !== 'string' || !/^(?:0|-?[1-9][0-9]{0,14})$/.test(issue.input)
          ? 'must be a whole number written in digits (no blanks, leading zeros, exponents, hex or sign on zero)'
          : Number(issue.input) < min
            ? `must be at least ${min}`
            : `must be at most ${max}`,
    })
    .describe(`a whole number from ${min} to ${max}, in digits`)
    .transform(Number);

export const StartRapidReviewBody = z.strictObject({
  reference: CaseReference,
  childPseudonym: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(60, 'must be at most 60 characters')
    .describe('how the child is known in the review, e.g. "Child H": never the real name'),
  awareOn: boundedByToday(IsoDateSchema.describe('the date the local authority became aware of the incident (may be in the past)'), 'not-after-today'),
});
export type StartRapidReviewBody = z.infer<typeof StartRapidReviewBody>;

/** A practice review started on its own (issue 12): its rapid review held elsewhere or before adoption. */
export const StartPracticeReviewBody = z
  .strictObject({
    reference: CaseReference,
    commissionedOn: boundedByToday(IsoDateSchema.describe('the decision to hold the review: its six-month clock (T7) starts here'), 'not-after-today'),
    reviewerName: z.string().trim().min(2, 'must be at least 2 characters').max(100, 'must be at most 100 characters').describe("the independent reviewer's name (a professional, never the child)"),
    rapidReviewReference: CaseReference.optional().describe('the rapid review that led to it, held elsewhere or before the partnership adopted the engine'),
    awareOn: boundedByToday(IsoDateSchema.describe("the local authority's awareness of the incident; the commissioning date when not given"), 'not-after-today').optional(),
    childPseudonym: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').optional().describe('how the child is known in the review, e.g. "Child H"; taken from the rapid review when it is recorded here'),
  })
  .refine((b) => b.awareOn === undefined || b.awareOn <= b.commissionedOn, { message: 'must not be after commissionedOn', path: ['awareOn'] });
export type StartPracticeReviewBody = z.infer<typeof StartPracticeReviewBody>;

/** The start forms of api/pages/incident.js and api/pages/practice-review.js. */
export function startRapidReviewForm(): PageField[] {
  return pageFields(StartRapidReviewBody, {
    reference: { label: 'Case reference', hint: 'For example WSCP-2026-03' },
    childPseudonym: { label: 'Pseudonym', hint: 'How the child is known in the review, such as "Child H". Never the real name.' },
    awareOn: { label: 'Date the local authority became aware', hint: 'For example 27 3 2027' },
  });
}
export function startPracticeReviewForm(): PageField[] {
  return pageFields(StartPracticeReviewBody, {
    reference: { label: 'Practice review reference', hint: 'For example WSCP-2026-03-LCSPR' },
    commissionedOn: { label: 'Date the review was commissioned', hint: 'The decision to initiate it: the six-month target counts from this day.' },
    reviewerName: { label: 'Lead reviewer', hint: 'The independent reviewer (kept in the protected record).' },
    rapidReviewReference: { label: 'Rapid review reference (optional)', hint: 'If the rapid review was held elsewhere or before this engine was used.' },
    awareOn: { label: 'Date the local authority became aware (optional)' },
  });
}

const Note = z.string().max(2000, 'must be at most 2000 characters');
const Reason = z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters');
const AgencyCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be an agency code such as police or childrens-social-care');
const AgencyDueSchema = z.strictObject({ agency: AgencyCode.describe("the agency's code, e.g. police or health"), dueOn: IsoDateSchema.describe('when its summary or report is due') });
const Agencies = z.array(AgencyDueSchema).min(1, 'must name at least one agency').max(30, 'must be at most 30 agencies');
const ActionSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/, 'must be a short action number such as A1 or 2.3').describe('its number in the action plan, e.g. A1 or 2.3'),
  owner: AgencyCode.describe('the owning agency or role, e.g. police or cspr-chair'),
  dueOn: IsoDateSchema,
});
const Actions = z.array(ActionSchema).min(1, 'must have at least one action').max(50, 'must be at most 50 actions');
const when = {
  occurredOn: IsoDateSchema.describe('when it actually happened; may be earlier than today'),
  note: Note.optional(),
};
const m = <T extends string>(milestone: T) => z.literal(milestone);
/** A field only one outcome has: missing, it is required by that outcome; present, it must be well formed. */
const requiredFor = (outcome: string, wrongType: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? `is required when the outcome is ${outcome}` : wrongType) });

/**
 * A rapid review milestone. Free text (note, rationale) is kept only in the database's protected
 * timeline note, never in workflow history; the rest goes to the workflow.
 */
export const MilestoneBody = z.discriminatedUnion('milestone', [
  z.strictObject({ milestone: m('notification-decision'), ...when, notifiable: z.boolean().meta({ title: 'Notifiable to the Panel?' }), lookedAfterChildDeath: z.boolean().default(false).meta({ title: 'Death of a looked-after child?' }), rationale: Reason.optional() }),
  z.strictObject({ milestone: m('notification-sent'), ...when }),
  z.strictObject({ milestone: m('partners-told'), ...when }),
  z.strictObject({ milestone: m('agency-summaries-requested'), ...when, agencies: Agencies }),
  z.strictObject({ milestone: m('agency-summary-received'), ...when, agency: AgencyCode }),
  z.strictObject({ milestone: m('rapid-review-meeting-held'), ...when }),
  z.strictObject({ milestone: m('partner-sign-off'), ...when }),
  z.strictObject({ milestone: m('rapid-review-submitted'), ...when, recommendation: z.enum(RAPID_REVIEW_OUTCOMES).optional(), rationale: Reason.optional() }),
  z.strictObject({ milestone: m('panel-response'), ...when, nationalReview: z.boolean().meta({ title: 'Panel will hold a national review?' }) }),
  // One body per outcome, so the document says which fields each outcome needs.
  z.discriminatedUnion('outcome', [
    z.strictObject({ milestone: m('outcome-decided'), ...when, outcome: z.literal('national-review'), rationale: Reason.optional() }).describe('the Panel holds a national review; local partners support it'),
    z
      .strictObject({
        milestone: m('outcome-decided'),
        ...when,
        outcome: z.literal('no-lcspr'),
        rationale: Reason.optional(),
        learningRoute: z.enum(LEARNING_ROUTES, requiredFor('no-lcspr', 'must be one of the learning routes')).describe('how the learning is taken forward without a local review'),
        actions: z.array(ActionSchema, requiredFor('no-lcspr', 'must be a list of actions')).min(1, 'must have at least one action').max(50, 'must be at most 50 actions').describe('the action plan agreed with the outcome'),
      })
      .describe('no local review: learning through another route, with an action plan'),
    z
      .strictObject({
        milestone: m('outcome-decided'),
        ...when,
        outcome: z.literal('lcspr'),
        rationale: Reason.optional(),
        reviewerName: z.string(requiredFor('lcspr', 'must be text')).trim().min(2, 'must be at least 2 characters').max(100, 'must be at most 100 characters').describe('the independent reviewer appointed'),
        practiceReviewReference: z.string(requiredFor('lcspr', 'must be text')).pipe(CaseReference).describe("the practice review's own reference"),
      })
      .describe('a local child safeguarding practice review: starts it'),
  ]),
  // The follow-up of the outcome (rapid reviews started since it is tracked): refused with 409 after any other outcome.
  z
    .strictObject({ milestone: m('national-review-information-requested'), ...when, agencies: Agencies.describe("each local agency the Panel's reviewers asked for records, chronologies or participation, with its due date") })
    .describe('only when the outcome is national-review'),
  z.strictObject({ milestone: m('national-review-information-supplied'), ...when, agency: AgencyCode.describe('an agency named in national-review-information-requested') }).describe('only when the outcome is national-review'),
  z.strictObject({ milestone: m('national-review-published'), ...when }).describe('the Panel published its national review: closes the rapid review; only when the outcome is national-review'),
  z
    .strictObject({ milestone: m('action-completed'), ...when, actionId: ActionSchema.shape.id.describe("an action's id from the outcome's action plan") })
    .describe('only when the outcome is no-lcspr; the rapid review closes when every action is completed'),
]);
export type MilestoneBody = z.infer<typeof MilestoneBody>;

/** A practice review (LCSPR) milestone; justification and notes stay in the database only. */
export const PracticeMilestoneBody = z.discriminatedUnion('milestone', [
  z.strictObject({ milestone: m('terms-of-reference-agreed'), ...when }),
  z.strictObject({ milestone: m('agency-reports-requested'), ...when, agencies: Agencies }),
  z.strictObject({ milestone: m('agency-report-received'), ...when, agency: AgencyCode }),
  z.strictObject({ milestone: m('practitioner-learning-event-held'), ...when }),
  z.strictObject({ milestone: m('family-involvement-completed'), ...when }),
  z.strictObject({ milestone: m('draft-requested'), ...when }),
  z.strictObject({ milestone: m('draft-report-received'), ...when }),
  z.strictObject({ milestone: m('partner-sign-off'), ...when, plannedPublicationOn: IsoDateSchema }),
  z.strictObject({ milestone: m('pre-publication-copy-sent'), ...when }),
  z.strictObject({ milestone: m('published'), ...when }),
  z.strictObject({ milestone: m('improvements-published'), ...when, justification: Reason }),
  z.strictObject({ milestone: m('action-plan-agreed'), ...when, actions: Actions }),
  z.strictObject({ milestone: m('action-completed'), ...when, actionId: ActionSchema.shape.id }),
]);
export type PracticeMilestoneBody = z.infer<typeof PracticeMilestoneBody>;

/** A hold that goes on names when it is expected to end; a hold already over names the day it ended instead. */
export const PauseBody = z
  .strictObject({
    from: IsoDateSchema.describe('the day the review stopped; may be earlier than today'),
    reason: z.enum(PAUSE_REASONS),
    expectedResumeOn: IsoDateSchema.optional().describe('for a hold that goes on: when it is expected to end; a reminder to review the hold goes then. Give this or resumedOn'),
    resumedOn: boundedByToday(IsoDateSchema.describe('for a hold already over: the day work started again; the pause and the resume are recorded together. Give this or expectedResumeOn'), 'not-after-today').optional(),
    note: Note.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.expectedResumeOn === undefined && b.resumedOn === undefined) ctx.addIssue({ code: 'custom', path: ['expectedResumeOn'], message: 'required unless resumedOn (the end of a hold already over) is given' });
    if (b.expectedResumeOn !== undefined && b.resumedOn !== undefined) ctx.addIssue({ code: 'custom', path: ['resumedOn'], message: 'give expectedResumeOn (a hold that goes on) or resumedOn (a hold already over), not both' });
  })
  .meta({ oneOf: [{ required: ['expectedResumeOn'] }, { required: ['resumedOn'] }] });
export const ResumeBody = z.strictObject({
  on: IsoDateSchema.describe('the day work started again; may be earlier than today'),
  plannedPublicationOn: IsoDateSchema.optional().describe('when lifting a publication deferral: the new planned date'),
  note: Note.optional(),
});
export const PublicationDeferralBody = z.strictObject({
  from: IsoDateSchema,
  reason: z.enum(DEFERRAL_REASONS),
  note: Note.optional(),
});

export const CaseReferenceParams = z.strictObject({ ref: CaseReference });
export const CaseReadQuery = z.strictObject({
  live: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe("true: an open case's stage, health and owed steps straight from its workflow (source: workflow); otherwise the read model answers (source: read-model)"),
});

export const WorkingDaysQuery = z.strictObject({
  from: IsoDateSchema,
  add: wholeNumberText(-2600, 2600),
});

export const DeadlinePreviewQuery = z.strictObject({
  process: z.enum(PREVIEW_PROCESSES),
  awareness: IsoDateSchema.optional(),
  'notification-sent': IsoDateSchema.optional(),
  'lcspr-decision': IsoDateSchema.optional().describe('the decision to hold a local review: the same event as decision-to-initiate, either name counts T5 and T7'),
  'rapid-review-received': IsoDateSchema.optional(),
  'decision-to-initiate': IsoDateSchema.optional().describe('the decision to initiate the local review: the same event as lcspr-decision'),
  'planned-publication': IsoDateSchema.optional(),
  publication: IsoDateSchema.optional(),
  'delay-known': IsoDateSchema.optional(),
  'review-start': IsoDateSchema.optional(),
  'previous-annual-report': IsoDateSchema.optional(),
  rapidReviewClockStart: z.enum(['awareness', 'notification-sent']).optional(),
});

export const BankHolidaySchema = z.strictObject({ date: IsoDateSchema, title: z.string().trim().min(1).max(80) });

export const CalendarChangeBody = z
  .strictObject({
    add: z.array(BankHolidaySchema).max(50).default([]),
    remove: z.array(IsoDateSchema).max(50).default([]),
    reason: z.string().trim().min(1, 'must say why the calendar changes (e.g. the proclamation)').max(500),
  })
  .refine((b) => b.add.length + b.remove.length > 0, { message: 'must add or remove at least one day', path: ['add'] })
  .meta({ anyOf: [{ required: ['add'], properties: { add: { minItems: 1 } } }, { required: ['remove'], properties: { remove: { minItems: 1 } } }] });
