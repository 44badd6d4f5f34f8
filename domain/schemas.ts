/** zod schemas for everything that crosses the API boundary. Pure: shared by API, pages and tests. */
import { z } from 'zod';
import { CaseReference } from './case-reference';
import { isIsoDate } from './dates';
import { RAPID_REVIEW_MILESTONES } from './rapid-review';

export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, 'must be a real calendar date written YYYY-MM-DD')
  .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'must be between 2000-01-01 and 2099-12-31');

export const StartRapidReviewBody = z.strictObject({
  reference: CaseReference,
  childPseudonym: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(60, 'must be at most 60 characters')
    .describe('how the child is known in the review, e.g. "Child H": never the real name'),
  awareOn: IsoDateSchema.describe('the date the local authority became aware of the incident (may be in the past)'),
});
export type StartRapidReviewBody = z.infer<typeof StartRapidReviewBody>;

export const MilestoneBody = z.strictObject({
  milestone: z.enum(RAPID_REVIEW_MILESTONES),
  occurredOn: IsoDateSchema.describe('when it actually happened; may be earlier than today'),
  note: z.string().max(2000, 'must be at most 2000 characters').optional(),
});
export type MilestoneBody = z.infer<typeof MilestoneBody>;

export const CaseReferenceParams = z.strictObject({ ref: CaseReference });

export const WorkingDaysQuery = z.strictObject({
  from: IsoDateSchema,
  add: z.coerce.number().int('must be a whole number').min(-2600, 'must be at least -2600').max(2600, 'must be at most 2600'),
});

export const DeadlinePreviewQuery = z.strictObject({
  process: z.enum(['rapid-review', 'practice-review', 'annual-report']),
  awareness: IsoDateSchema.optional(),
  'notification-sent': IsoDateSchema.optional(),
  'lcspr-decision': IsoDateSchema.optional(),
  'rapid-review-received': IsoDateSchema.optional(),
  'decision-to-initiate': IsoDateSchema.optional(),
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
  .refine((b) => b.add.length + b.remove.length > 0, { message: 'must add or remove at least one day', path: ['add'] });
