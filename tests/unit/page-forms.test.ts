/**
 * The pages' start forms are derived from the body schemas the API parses (domain/form-fields.ts
 * pageFields): which fields are required, their kind, choices and defaults follow the schema, and
 * the page shell hands them to the page.
 */
import { z } from 'zod';
import { PAGE_SHELLS, pageShell } from '../../api/page-shells';
import { assignCaseForm, issueTokenForm } from '../../domain/access-schemas';
import { startAuditForm } from '../../domain/audit-schemas';
import { pageFields, type PageField } from '../../domain/form-fields';
import { EXECUTIVE_CYCLE_PROCESS } from '../../domain/executive-cycle';
import { IsoDateSchema, startPracticeReviewForm, startRapidReviewForm } from '../../domain/schemas';

const shape = (fields: PageField[]) => fields.map((f) => [f.name, f.kind, f.required, f.value ?? null]);

test.each<[string, () => PageField[], (string | boolean | null)[][]]>([
  ['a token', issueTokenForm, [['subject', 'text', true, null], ['roles', 'select', true, null], ['agency', 'text', false, null], ['expiresInDays', 'number', false, '90']]],
  ['an assignment', assignCaseForm, [['caseReference', 'text', true, null], ['subject', 'text', true, null]]],
  ['an audit', startAuditForm, [['reference', 'text', true, null], ['type', 'select', true, null], ['theme', 'text', false, null], ['participants', 'textarea', true, null], ['returnsDueOn', 'day-month-year', true, null]]],
  ['a rapid review', startRapidReviewForm, [['reference', 'text', true, null], ['childPseudonym', 'text', true, null], ['awareOn', 'day-month-year', true, null]]],
  ['the Executive Group cycle (from its registry entry)', () => EXECUTIVE_CYCLE_PROCESS.shape.startedOnItsOwn.page.forms['executive-start-form'](), [['reference', 'text', true, null], ['pattern', 'select', true, null], ['firstMeetingOn', 'date', true, null]]],
  ['a practice review', startPracticeReviewForm, [['reference', 'text', true, null], ['commissionedOn', 'day-month-year', true, null], ['reviewerName', 'text', true, null], ['rapidReviewReference', 'text', false, null], ['awareOn', 'day-month-year', false, null]]],
])('the form for %s asks, in the schema order, what the schema requires', (_what, form, expected) => {
  expect(shape(form())).toEqual(expected);
});

test("a choice's words keep the page's order; without words the schema's values are offered", () => {
  const roles = issueTokenForm().find((f) => f.name === 'roles');
  expect(roles?.choices).toEqual([['cspr-chair', 'CSPR chair'], ['reviewer', 'Reviewer'], ['agency-lead', 'Agency lead'], ['executive', 'Executive'], ['qapp-chair', 'QAPP chair'], ['admin', 'Administrator']]);
  expect(startAuditForm().find((f) => f.name === 'type')?.choices).toEqual(['case-file', 'section-11', 'section-175', 'learning-embedded', 'service-user-feedback']);
});

test('the kind, requirement, default and choices follow the schema, the words the table', () => {
  const body = z.strictObject({ on: IsoDateSchema, days: z.number().int().default(7), level: z.enum(['low', 'high']), note: z.string().optional(), left: z.string().optional(), by: IsoDateSchema.optional() });
  expect(pageFields(body, { on: { label: 'On' }, days: { label: 'Days', hint: 'how many' }, level: { label: 'Level' }, note: { label: 'Note', widget: 'lines' }, by: { label: 'By', widget: 'date-picker' } })).toEqual([
    { name: 'on', label: 'On', kind: 'day-month-year', required: true },
    { name: 'days', label: 'Days', hint: 'how many', kind: 'number', required: false, value: '7' },
    { name: 'level', label: 'Level', kind: 'select', required: true, choices: ['low', 'high'] },
    { name: 'note', label: 'Note', kind: 'textarea', required: false },
    { name: 'by', label: 'By', kind: 'date', required: false },
  ]);
  // Checked by the type-checker only (npm run typecheck), never run.
  const typeOnly = () => [
    // @ts-expect-error a field the body requires cannot be left off its form
    pageFields(body, { on: { label: 'On' }, days: { label: 'Days' } }),
    // @ts-expect-error every choice needs its words
    pageFields(body, { on: { label: 'On' }, level: { label: 'Level', choices: { low: 'Low' } } }),
  ];
  expect(typeof typeOnly).toBe('function');
});

test('words for choices the schema does not offer are refused at start', () => {
  const body = z.strictObject({ level: z.enum(['low', 'high']) });
  expect(() => pageFields(body, { level: { label: 'Level', choices: { low: 'Low', medium: 'Medium' } as unknown as Record<'low' | 'high', string> } })).toThrow("the words of level name other choices than its schema (low, high)");
});

test("each page's shell hands its forms' fields to the page, and only those pages carry any", () => {
  const forms = (path: string) => {
    const attribute = /data-forms='([^']*)'/.exec(pageShell(PAGE_SHELLS[path]!))?.[1];
    return attribute === undefined ? undefined : (JSON.parse(attribute.replace(/&#39;/g, "'").replace(/&amp;/g, '&')) as Record<string, PageField[]>);
  };
  expect(forms('/admin')).toEqual({ 'token-form': issueTokenForm(), 'assignment-form': assignCaseForm() });
  expect(forms('/audits')).toEqual({ 'audit-form': startAuditForm() });
  expect(forms('/incident')).toEqual({ 'incident-form': startRapidReviewForm() });
  expect(forms('/practice-review')).toEqual({ 'practice-review-form': startPracticeReviewForm() });
  expect(forms('/executive-cycle')?.['executive-start-form']?.map((f) => f.name)).toEqual(['reference', 'pattern', 'firstMeetingOn']);
  expect(Object.keys(PAGE_SHELLS).filter((path) => forms(path) !== undefined).sort()).toEqual(['/admin', '/audits', '/executive-cycle', '/incident', '/practice-review']);
});
