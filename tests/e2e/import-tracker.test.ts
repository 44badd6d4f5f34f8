/**
 * Issue 12 end to end on the real Temporal dev server, a real SMTP listener, a real SQLite file and
 * the API over HTTP: the sample tracker (examples/tracker.csv: 37 cases, 5 broken rows) checked by a
 * dry run, imported, and imported again. Not one email goes to the Panel or anyone else but the
 * summary to the CSPR chair and the executive, and the 2019-20 annual report counts the imported
 * cases as the tracker does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { defaultCalendar } from '../../domain/calendar';
import { DEFAULT_REFERENCE_SCHEME, useReferenceScheme } from '../../domain/case-reference';
import { ruleSetFor } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import { createReviewWorker } from '../../worker/create-worker';
import { eventually, startTestApi, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';
import { TEST_RECIPIENTS } from '../support/recipients';
import { startDevServer, workflowBundle } from '../support/temporal';

const taskQueue = 'e2e-import';
const TRACKER = readFileSync(join(__dirname, '..', '..', 'examples', 'tracker.csv'), 'utf8');
let env: TestWorkflowEnvironment;
let db: Database;
let mail: MailCatcher;
let mailer: Mailer;
let api: RunningApi;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  env = await startDevServer();
  ({ db } = await freshDatabase('sqlite', 'e2e-import'));
  mail = await startMailCatcher();
  mailer = createSmtpMailer(`smtp://127.0.0.1:${mail.smtpPort}`);
  api = await startTestApi({ temporal: new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }), db, taskQueue, calendar: defaultCalendar, ruleSet: ruleSetFor, searchAttributes: true });
  worker = await createReviewWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients: TEST_RECIPIENTS } }),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await api?.close();
  mailer?.close();
  await mail?.close();
  await db?.$disconnect();
  await env?.teardown();
});

interface Report {
  dryRun: boolean;
  message: string;
  rows: number;
  created: number;
  unchanged: number;
  refused: number;
  problems: { row: number; column: string; problem: string }[];
  figures: { imported: number; open: number; closed: number; overdue: number };
  summaryEmail: boolean;
}

test('the sample tracker: a dry run names each broken row and column, the import creates the rest once, one email in all, and the 2019-20 figures are the tracker\'s', async () => {
  const dry = await api.request('POST', '/api/imports', { dryRun: true, csv: TRACKER });
  expect(dry.status).toBe(200);
  const dryReport = dry.body as unknown as Report;
  expect(dryReport.problems.map((p) => [p.row, p.column])).toEqual([
    [39, 'aware_on'],
    [40, 'notified_on'],
    [41, 'summaries_received'],
    [42, 'hold_1_to'],
    [43, 'reference'],
  ]);
  expect(dryReport.problems.map((p) => p.problem)).toEqual([
    "'2026-02-30' is not a real date: write YYYY-MM-DD or DD/MM/YYYY (2000 to 2099)",
    "'notification-sent' cannot be recorded before 'notification-decision'",
    "unknown agency 'education': summaries were requested from 'police', 'health'",
    'the hold ends (2026-05-04) before it starts (2026-05-11)',
    "'WSCP-2019-02' is already on row 3",
  ]);
  expect([dryReport.rows, dryReport.created, dryReport.refused]).toEqual([42, 37, 5]);
  expect(await db.case.count()).toBe(0);

  const real = await api.request('POST', '/api/imports', { csv: TRACKER });
  expect(real.status).toBe(201);
  const report = real.body as unknown as Report;
  expect([report.created, report.unchanged, report.refused, report.summaryEmail]).toEqual([37, 0, 5, true]);
  expect(report.problems).toEqual(dryReport.problems);
  // Every case's workflow has written its imported state (and queued any email it means to send).
  await eventually(async () => ((await db.timelineEvent.count({ where: { kind: 'imported' } })) === 37 ? true : undefined), 'every imported case persisted', 60_000);
  expect(await db.case.count({ where: { stage: 'starting' } })).toBe(0);

  const again = await api.request('POST', '/api/imports', { csv: TRACKER });
  expect(again.status).toBe(200);
  const second = again.body as unknown as Report;
  expect([second.created, second.unchanged, second.summaryEmail]).toEqual([0, 37, false]);
  expect(second.message).toMatch(/^Nothing changed: 37 case\(s\) were imported before with the same content\./);
  expect(await db.case.count()).toBe(37);

  // One email in all: the summary, to the CSPR chair and the executive only.
  await eventually(() => (mail.messages.length > 0 ? true : undefined), 'the summary email');
  expect(await db.emailMessage.count()).toBe(1);
  expect(mail.messages).toHaveLength(1);
  const summary = mail.messages[0]!;
  expect(summary.subject).toBe(`Cases imported: 37 (${report.figures.overdue} with a deadline overdue)`);
  expect([...summary.to].sort()).toEqual([...TEST_RECIPIENTS['cspr-chair']!, ...TEST_RECIPIENTS.executive!].sort());
  expect(summary.text).not.toMatch(/Child [A-Z]/);

  // The notices of 2019-2021 are on the timeline, not in anyone's inbox; references are shown as written.
  const lcspr = await api.request('GET', '/api/cases/LCSPR-2019-01');
  const timeline = lcspr.body.timeline as { kind: string; summary: string; occurredOn: string }[];
  expect(timeline.filter((e) => e.kind === 'recorded-not-sent').map((e) => [e.occurredOn, e.summary])).toEqual(
    expect.arrayContaining([
      ['2020-03-23', 'Recorded on import, not sent: [LCSPR-2019-01] Local child safeguarding practice review paused'],
      ['2021-06-15', 'Recorded on import, not sent: [LCSPR-2019-01] Local child safeguarding practice review published (T9)'],
    ]),
  );
  expect(lcspr.body.childPseudonym).toBe('Child C'); // from its rapid review's row

  // The 2019-20 year as the tracker has it, counted by hand from examples/tracker.csv rows 2-10.
  const annual = await api.request('GET', '/api/reports/annual?from=2019-04-01&to=2020-03-31');
  expect(annual.status).toBe(200);
  const figures = annual.body.figures as Record<string, unknown> & { timeliness: Record<string, { met: number; metLate: number; open: number }> };
  expect({
    rapidReviews: figures.rapidReviews,
    rapidReviewsSubmitted: figures.rapidReviewsSubmitted,
    rapidReviewsWithin15WorkingDays: figures.rapidReviewsWithin15WorkingDays,
    rapidReviewsWithin15WorkingDaysShare: figures.rapidReviewsWithin15WorkingDaysShare,
    lcsprsCommissioned: figures.lcsprsCommissioned,
    lcsprsPublished: figures.lcsprsPublished,
    lcsprsPaused: figures.lcsprsPaused,
    lcsprsInProgress: figures.lcsprsInProgress,
    T7: figures.timeliness.T7,
  }).toEqual({
    // WSCP-2019-01 (not notifiable), -02, -03, -04, WSCP-2020-01, -02: aware in the year.
    rapidReviews: 6,
    // Submitted 17, 25, 18, 18 and 25 calendar days after awareness: -02, -04 and 2020-01 within 15 working days.
    rapidReviewsSubmitted: 5,
    rapidReviewsWithin15WorkingDays: 3,
    rapidReviewsWithin15WorkingDaysShare: 60,
    // LCSPR-2019-01 (14 Oct 2019) and LCSPR-2020-01 (17 Feb 2020).
    lcsprsCommissioned: 2,
    // LCSPR-2018-01, published 1 Jul 2019, a month after its six months.
    lcsprsPublished: 1,
    // LCSPR-2019-01, paused for COVID from 23 Mar 2020.
    lcsprsPaused: 1,
    // LCSPR-2019-01 is still open (an action due 2027); LCSPR-2020-01 has closed since.
    lcsprsInProgress: 1,
    T7: { title: expect.any(String), met: 0, metLate: 1, open: 1, withinTimePercent: 0 },
  });
}, 300_000);

test("a practice review started on its own, under the partnership's own reference scheme, shown exactly as written", async () => {
  useReferenceScheme({ pattern: 'LCSPR/\\d{4}/\\d{1,3}|WSCP \\d{2}/\\d{2}', example: 'LCSPR/2020/1' });
  try {
    const refused = await api.request('POST', '/api/practice-reviews', { reference: 'LCSPR-2020-01', commissionedOn: '2026-10-05', reviewerName: 'E. Reviewer' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'reference', rule: "must be a reference of the partnership's scheme, like LCSPR/2020/1" }]);
    const started = await api.request('POST', '/api/practice-reviews', { reference: 'LCSPR/2026/7', commissionedOn: '2026-10-05', reviewerName: 'E. Reviewer', rapidReviewReference: 'WSCP 26/07', awareOn: '2026-09-01' });
    expect(started.status).toBe(201);
    expect(started.headers.get('location')).toBe('/api/cases/LCSPR%2F2026%2F7');
    expect([started.body.reference, started.body.process, started.body.workflowId, started.body.awareOn]).toEqual(['LCSPR/2026/7', 'practice-review', 'practice-review:LCSPR~2026~7', '2026-09-01']);
    // Then it behaves like a practice review commissioned by a rapid review: same routes, milestones and holds.
    const terms = await api.request('POST', '/api/cases/LCSPR%2F2026%2F7/milestones', { milestone: 'terms-of-reference-agreed', occurredOn: '2026-10-19' });
    expect([terms.status, terms.body.stage, terms.body.parentReference]).toEqual([200, 'evidence-gathering', 'WSCP 26/07']);
    const early = await api.request('POST', '/api/cases/LCSPR%2F2026%2F7/milestones', { milestone: 'published', occurredOn: '2026-10-20' });
    expect(early.status).toBe(409);
    const paused = await api.request('POST', '/api/cases/LCSPR%2F2026%2F7/pause', { from: '2026-10-26', reason: 'capacity', expectedResumeOn: '2026-12-31' });
    expect([paused.status, paused.body.hold]).toEqual([200, 'paused']);
    const read = await api.request('GET', '/api/cases/LCSPR%2F2026%2F7');
    expect((read.body.deadlines as { key: string; due: string }[]).find((d) => d.key === 'completion')?.due).toBeDefined();
    const again = await api.request('POST', '/api/practice-reviews', { reference: 'LCSPR/2026/7', commissionedOn: '2026-10-05', reviewerName: 'E. Reviewer' });
    expect(again.status).toBe(409);
  } finally {
    useReferenceScheme(DEFAULT_REFERENCE_SCHEME);
  }
}, 120_000);
