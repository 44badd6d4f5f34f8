/**
 * The annual report's review section for 2019-20, from a read model holding what the partnership's
 * annual report describes (../shared/domain/annual-report-2019-20.txt): three rapid reviews, one
 * leading to a practice review commissioned in November 2019 and put on hold in March 2020 for
 * COVID-19, nothing published, a section 175 return of 100%. A second practice review commissioned
 * in late August 2020 falls in the next year.
 */
import { Client, Connection } from '@temporalio/client';
import { defaultCalendar } from '../../domain/calendar';
import { computeDeadline, type ClockEvent } from '../../domain/deadlines';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startTestApi, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';

let db: Database;
let api: RunningApi;
const calendar = defaultCalendar();

async function seedCase(reference: string, process: 'rapid-review' | 'practice-review', awareOn: string, stage: string, deadlines: { key: string; rule: 'T4' | 'T7'; metOn?: string; events?: ClockEvent[] }[], decisions: { occurredOn: string; kind: string; summary: string }[] = []) {
  await db.case.create({ data: { reference, process, workflowId: `${process}:${reference}`, stage, state: 'open', awareOn, childPseudonym: 'Child X', ruleSetId: STANDARD_RULES.id, calendarVersion: calendar.version } });
  for (const d of deadlines) {
    const computed = computeDeadline({ key: d.key, rule: STANDARD_RULES.rules[d.rule], ruleSetId: STANDARD_RULES.id, start: { event: 'start', date: awareOn }, calendar, ...(d.events ? { events: d.events } : {}), asOf: '2020-03-31' });
    await db.deadline.create({ data: { caseReference: reference, key: d.key, ruleId: d.rule, title: computed.title, due: computed.due, statutoryDue: computed.statutoryDue, paused: computed.paused, metOn: d.metOn ?? null, sentence: computed.sentence, explanation: JSON.stringify(computed.explanation), calendarVersion: calendar.version } });
  }
  for (const [i, e] of decisions.entries()) await db.timelineEvent.create({ data: { idempotencyKey: `${reference}:d${i}`, caseReference: reference, occurredOn: e.occurredOn, kind: e.kind, summary: e.summary } });
}

beforeAll(async () => {
  ({ db } = await freshDatabase('sqlite', 'annual'));
  await seedCase('WSCP-2019-01', 'rapid-review', '2019-07-15', 'outcome-decided', [{ key: 'rapid-review', rule: 'T4', metOn: '2019-08-02' }], [{ occurredOn: '2019-08-20', kind: 'outcome-decided', summary: 'No LCSPR: learning through a single-agency review' }]);
  await seedCase('WSCP-2019-02', 'rapid-review', '2019-10-21', 'outcome-decided', [{ key: 'rapid-review', rule: 'T4', metOn: '2019-11-08' }], [{ occurredOn: '2019-11-20', kind: 'outcome-decided', summary: 'LCSPR commissioned (WSCP-2019-03)' }]);
  await seedCase('WSCP-2020-01', 'rapid-review', '2020-01-13', 'outcome-decided', [{ key: 'rapid-review', rule: 'T4', metOn: '2020-02-07' }]);
  await seedCase('WSCP-2019-03', 'practice-review', '2019-11-20', 'evidence-gathering', [{ key: 'publication', rule: 'T7', events: [{ kind: 'pause', from: '2020-03-23', reason: 'COVID-19' }] }]);
  await seedCase('WSCP-2020-05', 'practice-review', '2020-08-27', 'terms-of-reference', [{ key: 'publication', rule: 'T7' }]);
  await db.audit.create({ data: { reference: 'S175-2019', type: 'section-175', workflowId: 'audit:S175-2019', stage: 'closed', state: 'closed', openedOn: '2019-09-02', returnsDueOn: '2019-12-13', participants: 250, returned: 250 } });
  api = await startTestApi({ temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), db, taskQueue: 'none', calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false });
});
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
});

test('the figures match what the 2019-20 annual report says', async () => {
  const r = await api.request('GET', '/api/reports/annual?from=2019-04-01');
  expect(r.status).toBe(200);
  expect(r.body.period).toEqual({ from: '2019-04-01', to: '2020-03-31' });
  expect(r.body.figures).toEqual({
    rapidReviews: 3,
    rapidReviewsSubmitted: 3,
    rapidReviewsWithin15WorkingDays: 2,
    rapidReviewsWithin15WorkingDaysShare: 67,
    lcsprsCommissioned: 1,
    lcsprsInProgress: 1,
    lcsprsPaused: 1,
    workingDaysPaused: 7,
    lcsprsPublished: 0,
    auditsCompleted: 1,
    section175ReturnRate: 100,
  });
});

test('the Markdown and CSV exports carry the decisions and the pause with its reason', async () => {
  const md = await api.request('GET', '/api/reports/annual.md?from=2019-04-01');
  expect(md.status).toBe(200);
  expect(md.type).toMatch(/^text\/markdown/);
  expect(md.text).toContain('# Serious incidents and practice reviews, 2019-04-01 to 2020-03-31');
  expect(md.text).toContain('- Rapid reviews: 3 (submitted 3; within 15 working days: 2, 67%)');
  expect(md.text).toContain('| WSCP-2020-01 | 2020-01-13 | outcome-decided | 2020-02-03 | 2020-02-07 | no |');
  expect(md.text).toContain('- WSCP-2019-02, 2019-11-20: LCSPR commissioned (WSCP-2019-03)');
  expect(md.text).toContain('- WSCP-2019-03 (commissioned 2019-11-20): evidence-gathering; on hold 2020-03-23 to now (COVID-19, 7 working days)');
  expect(md.text).toContain('section 175 return rate: 100%');
  expect(md.text).not.toContain('Child X');
  expect(md.text).not.toContain('WSCP-2020-05');

  const csv = await api.request('GET', '/api/reports/annual.csv?from=2019-04-01');
  expect(csv.type).toMatch(/^text\/csv/);
  const rows = csv.text.trim().split('\n');
  expect(rows[0]).toBe('reference,process,aware_or_commissioned_on,stage,state,rapid_review_due,rapid_review_submitted,within_timescale,working_days_paused,pause_reasons,decisions');
  expect(rows).toHaveLength(5);
  expect(rows).toContain('WSCP-2019-03,practice-review,2019-11-20,evidence-gathering,open,,,,7,COVID-19,');
});
