/**
 * The annual report's per-case table, figures, Markdown and CSV (domain/annual-report.ts) from
 * hand-made read-model cases for the year 1 Apr 2019 - 31 Mar 2020: every figure, each period
 * boundary, the rounding, the not-applicable shares, and the CSV's quoting and formula guard.
 * Expected values are counted by hand from the cases (weekdays checked with GNU `date -d`; no bank
 * holiday falls in any hold below), never computed by the code under test.
 */
import { defaultCalendar } from '../../domain/calendar';
import {
  ANNUAL_REPORT_CSV_HEADER,
  annualReportCsv,
  annualReportMarkdown,
  annualReportRows,
  figuresFromRows,
  qaFiguresFromRows,
  qaReportMarkdown,
  qaReportRows,
  reportingYear,
  type QaReportAudit,
  type ReportAudit,
  type ReportCase,
  type ReportHold,
} from '../../domain/annual-report';

const calendar = defaultCalendar;
const period = { from: '2019-04-01', to: '2020-03-31' };
const afterTheYear = '2020-06-30';
type Deadline = ReportCase['deadlines'][number];
const dl = (key: string, ruleId: string, due: string, metOn: string | null, statutoryDue = due): Deadline => ({ key, ruleId, due, statutoryDue, metOn });

const rapid = (reference: string, awareOn: string, t1: [string, string | null], t4: [string, string | null], stage = 'submitted-to-panel', decisions: ReportCase['decisions'] = []): ReportCase => ({
  reference,
  process: 'rapid-review',
  stage,
  state: 'open',
  awareOn,
  holds: [],
  deadlines: [dl('notification', 'T1', ...t1), dl('rapid-review', 'T4', ...t4)],
  decisions,
});
const lcspr = (reference: string, commissionedOn: string, stage: string, state: string, holds: ReportHold[], deadlines: Deadline[]): ReportCase => ({
  reference,
  process: 'practice-review',
  stage,
  state,
  awareOn: '2018-09-03', // the parent rapid review's awareness date: never what a practice review is counted by
  commissionedOn,
  holds,
  deadlines,
  decisions: [],
});

const cases: ReportCase[] = [
  rapid('RR-0', '2019-03-31', ['2019-04-05', '2019-04-01'], ['2019-04-19', '2019-04-18']), // aware before the year
  rapid('RR-1', '2019-04-01', ['2019-04-05', '2019-04-05'], ['2019-04-23', '2019-04-23'], 'no-lcspr', [{ occurredOn: '2019-05-01', summary: 'no LCSPR: learning briefing' }]), // first day; both on the day
  rapid('RR-2', '2019-06-10', ['2019-06-14', '2019-06-17'], ['2019-07-01', null], 'notification-due'), // T1 late (Fri -> Mon), T4 open
  rapid('RR-3', '2019-07-01', ['2019-07-05', '2019-07-01'], ['2019-07-22', '2019-07-23']), // T1 early, T4 a day late
  rapid('RR-4', '2020-03-31', ['2020-04-07', null], ['2020-04-21', '2020-04-22']), // last day; T4 met after the year: open at its end
  rapid('RR-5', '2020-04-01', ['2020-04-07', '2020-04-07'], ['2020-04-22', '2020-04-22']), // aware after the year
  // Published before the year: not the year's business.
  lcspr('LC-0', '2018-10-01', 'closed', 'closed', [], [dl('completion', 'T7', '2019-04-01', '2019-03-15')]),
  // Commissioned before the year, published late in it; a hold that straddles 1 Apr counts Mon 1 and Tue 2 Apr only.
  lcspr('LC-3', '2018-11-01', 'published', 'open', [{ kind: 'pause', from: '2019-03-01', to: '2019-04-03', reason: 'inquest' }], [
    dl('completion', 'T7', '2019-05-01', '2019-07-10'),
    dl('pre-publication-copy', 'T8', '2019-06-28', '2019-07-01'),
  ]),
  // On hold Mon 3 to Fri 14 Jun (worked again Mon 17): 10 working days; published on its adjusted date.
  lcspr('LC-1', '2019-05-01', 'action-plan-monitoring', 'open', [{ kind: 'pause', from: '2019-06-03', to: '2019-06-17', reason: 'inquest' }], [
    dl('completion', 'T7', '2019-11-15', '2019-11-15', '2019-11-01'),
    dl('pre-publication-copy', 'T8', '2019-11-06', '2019-11-06'),
  ]),
  // Tue 1 to Mon 7 Oct: 5; Wed 25 to Tue 31 Mar, still on hold: 5. In progress; its T8 date in the year, not sent.
  lcspr('LC-2', '2019-09-02', 'draft-report', 'open', [
    { kind: 'pause', from: '2019-10-01', to: '2019-10-08', reason: 'capacity' },
    { kind: 'pause', from: '2020-03-25', reason: 'inquest' },
  ], [dl('completion', 'T7', '2020-04-15', null, '2020-04-01'), dl('pre-publication-copy', 'T8', '2020-03-20', null)]),
  // Closed unpublished: neither published nor in progress; its unsent T8 is not counted.
  lcspr('LC-6', '2019-12-02', 'closed', 'closed', [], [dl('completion', 'T7', '2020-06-02', null), dl('pre-publication-copy', 'T8', '2020-02-01', null)]),
  // A hold after the year is no hold in it; published after the year: in progress at its end, T7 open; T8 after the year not counted.
  lcspr('LC-4', '2020-01-06', 'published', 'open', [{ kind: 'publication-deferral', from: '2020-04-06', to: '2020-04-20', reason: 'trial' }], [
    dl('completion', 'T7', '2020-07-06', '2020-06-01'),
    dl('pre-publication-copy', 'T8', '2020-05-20', '2020-05-20'),
  ]),
  // Commissioned after the year.
  lcspr('LC-5', '2020-04-02', 'draft-report', 'open', [], [dl('completion', 'T7', '2020-10-02', null)]),
];
const audits: ReportAudit[] = [
  { reference: 'S175-2019', type: 'section-175', theme: null, state: 'closed', openedOn: '2019-05-01', participants: 200, returned: 150 },
  { reference: 'S175-2019-R2', type: 'section-175', theme: null, state: 'open', openedOn: '2019-11-01', participants: 3, returned: 2 },
  { reference: 'CFA-2019', type: 'case-file', theme: 'neglect', state: 'closed', openedOn: '2019-04-01', participants: 6, returned: 5 },
  { reference: 'CFA-2020', type: 'case-file', theme: null, state: 'closed', openedOn: '2020-04-01', participants: 6, returned: 6 },
  { reference: 'S175-2020', type: 'section-175', theme: null, state: 'open', openedOn: '2020-04-02', participants: 10, returned: 1 },
];
const rows = () => annualReportRows(cases, period, afterTheYear, calendar());
// The same audits as the QA table reads them: S175-2019 and CFA-2019 reached their last stage with every action done in the year.
const qaAudit = (reference: string, type: QaReportAudit['type'], openedOn: string, milestones: [string, string][], actions: QaReportAudit['actions'] = [], returns: [number, number] = [0, 0]): QaReportAudit => ({
  reference,
  type,
  theme: null,
  openedOn,
  returnsDueOn: openedOn,
  paused: false,
  milestones: milestones.map(([milestone, occurredOn]) => ({ milestone, occurredOn })),
  // [expected, returned]: the first `returned` participants returned on the opening day.
  participants: Array.from({ length: returns[0] }, (_, i) => ({ id: `p${i}`, label: `P${i}`, returnedOn: i < returns[1] ? openedOn : null })),
  actions,
});
const qaAudits: QaReportAudit[] = [
  qaAudit('S175-2019', 'section-175', '2019-05-01', [['returns-closed', '2019-07-01'], ['findings-agreed', '2019-09-02']], [], [200, 150]),
  qaAudit('S175-2019-R2', 'section-175', '2019-11-01', [], [], [3, 2]),
  qaAudit('CFA-2019', 'case-file', '2019-04-01', [['returns-closed', '2019-05-01'], ['audit-meeting-held', '2019-05-10'], ['findings-agreed', '2019-05-20'], ['action-plan-agreed', '2019-06-03'], ['learning-shared', '2019-06-10']], [{ dueOn: '2019-07-01', completedOn: '2019-06-28' }]),
];
const qa = (a: readonly QaReportAudit[] = qaAudits) => qaReportRows(a, [], [], period, afterTheYear, calendar());

describe('the per-case table', () => {
  test('the year holds the cases of the year, in commissioning or awareness order', () => {
    expect(rows().map((r) => r.reference)).toEqual(['LC-3', 'RR-1', 'LC-1', 'RR-2', 'RR-3', 'LC-2', 'LC-6', 'LC-4', 'RR-4']);
  });

  test('each row, counted by hand', () => {
    const byRef = Object.fromEntries(rows().map((r) => [r.reference, r]));
    expect(Object.fromEntries(Object.entries(byRef).map(([k, r]) => [k, [r.commissionedInPeriod, r.onHoldInPeriod, r.workingDaysOnHoldInPeriod, r.publishedInPeriod, r.inProgressAtEnd, r.publishedOn]]))).toEqual({
      'LC-3': [false, true, 2, true, false, '2019-07-10'],
      'RR-1': [false, false, 0, false, false, ''],
      'LC-1': [true, true, 10, true, false, '2019-11-15'],
      'RR-2': [false, false, 0, false, false, ''],
      'RR-3': [false, false, 0, false, false, ''],
      'LC-2': [true, true, 10, false, true, ''],
      'LC-6': [true, false, 0, false, false, ''],
      'LC-4': [true, false, 0, false, true, ''],
      'RR-4': [false, false, 0, false, false, ''],
    });
    expect(byRef['RR-4']!.timescales.T4).toEqual({ due: '2020-04-21', statutoryDue: '2020-04-21', metOn: '', verdict: 'open' });
    expect(byRef['RR-2']!.timescales.T1).toEqual({ due: '2019-06-14', statutoryDue: '2019-06-14', metOn: '2019-06-17', verdict: 'met-late' });
    expect(byRef['LC-1']!.timescales.T7).toEqual({ due: '2019-11-15', statutoryDue: '2019-11-01', metOn: '2019-11-15', verdict: 'met' });
    expect(byRef['LC-4']!.timescales.T7).toEqual({ due: '2020-07-06', statutoryDue: '2020-07-06', metOn: '', verdict: 'open' });
    expect(byRef['LC-4']!.holds).toEqual([]);
    expect(byRef['LC-1']!.timescales.T1).toEqual({ due: '', statutoryDue: '', metOn: '', verdict: '' });
  });

  test('a hold is counted within the period only, and not after today', () => {
    const lc1 = cases.find((c) => c.reference === 'LC-1')!;
    // 1 to 10 Jun 2019: on hold Mon 3 to Fri 7 and Mon 10 = 6 working days.
    expect(annualReportRows([lc1], { from: '2019-06-01', to: '2019-06-10' }, afterTheYear, calendar())[0]!.workingDaysOnHoldInPeriod).toBe(6);
    // The year as it stood on Wed 5 Jun 2019: Mon 3 to Wed 5 = 3, and not yet published.
    const early = annualReportRows([lc1], period, '2019-06-05', calendar())[0]!;
    expect([early.workingDaysOnHoldInPeriod, early.publishedOn, early.inProgressAtEnd, early.timescales.T7.verdict]).toEqual([3, '', true, 'open']);
  });

  test.each([
    ['2019-03-31', []],
    ['2019-04-01', [true, false]],
    ['2020-03-31', [true, false]],
    ['2020-04-01', [false, true]],
  ])('published on %s: [published in the year, in progress at its end]', (publishedOn, expected) => {
    const c = lcspr('LC', '2018-12-03', 'closed', 'open', [], [dl('completion', 'T7', '2019-06-03', publishedOn)]);
    expect(annualReportRows([c], period, afterTheYear, calendar()).map((r) => [r.publishedInPeriod, r.inProgressAtEnd])).toEqual(expected.length ? [expected] : []);
  });

  test('the reporting year', () => {
    expect(reportingYear('2020-03-31')).toEqual(period);
    expect(reportingYear('2020-04-01')).toEqual({ from: '2020-04-01', to: '2021-03-31' });
    expect(reportingYear('2020-02-29', '01-01')).toEqual({ from: '2020-01-01', to: '2020-12-31' });
  });
});

describe('annual figures', () => {
  test('counted by hand from the rows', () => {
    expect(figuresFromRows(rows(), period, qa())).toEqual({
      rapidReviews: 4, // RR-1 to RR-4
      rapidReviewsSubmitted: 2, // RR-1 and RR-3 by the year's end (RR-4 sent after it)
      rapidReviewsWithin15WorkingDays: 1, // RR-1
      rapidReviewsWithin15WorkingDaysShare: 50, // 1 of 2
      lcsprsCommissioned: 4, // LC-1, LC-2, LC-6, LC-4
      lcsprsInProgress: 2, // LC-2, LC-4
      lcsprsPaused: 3, // LC-3, LC-1, LC-2 (LC-4's hold is after the year)
      workingDaysPaused: 22, // 2 + 10 + 5 + 5
      lcsprsPublished: 2, // LC-3, LC-1
      timeliness: {
        T1: { title: 'Serious incident notified within 5 working days', met: 2, metLate: 1, open: 1, withinTimePercent: 67 }, // RR-1, RR-3; RR-2; RR-4
        T4: { title: 'Rapid review sent to the Panel within 15 working days', met: 1, metLate: 1, open: 2, withinTimePercent: 50 }, // RR-1; RR-3; RR-2, RR-4
        T7: { title: 'Practice review published within 6 months (moved by holds)', met: 1, metLate: 1, open: 2, withinTimePercent: 50 }, // LC-1; LC-3; LC-2, LC-4
        T8: { title: 'Final report to the Panel and Secretary of State 7 working days before publication', met: 1, metLate: 1, open: 1, withinTimePercent: 50 }, // LC-1; LC-3; LC-2
      },
      auditsCompleted: 2, // S175-2019, CFA-2019
      section175ReturnRate: 74.9, // every section 175 audit opened in the year: (150 + 2) of (200 + 3) = 74.88%
    });
  });

  test('with nothing met or returned, the shares are not applicable rather than 0', () => {
    const none = figuresFromRows(annualReportRows([rapid('RR-2', '2019-06-10', ['2019-06-14', null], ['2019-07-01', null])], period, afterTheYear, calendar()), period, []);
    expect([none.rapidReviewsSubmitted, none.rapidReviewsWithin15WorkingDays, none.rapidReviewsWithin15WorkingDaysShare, none.section175ReturnRate, none.timeliness.T1.withinTimePercent]).toEqual([0, null, null, null, null]);
    expect(figuresFromRows([], period, []).section175ReturnRate).toBeNull();
    // One met late is 0%, not "not applicable".
    const late = figuresFromRows(annualReportRows([rapid('RR-L', '2019-06-10', ['2019-06-14', '2019-06-17'], ['2019-07-01', '2019-07-02'])], period, afterTheYear, calendar()), period, []);
    expect([late.timeliness.T1.withinTimePercent, late.rapidReviewsWithin15WorkingDays, late.rapidReviewsWithin15WorkingDaysShare]).toEqual([0, 0, 0]);
  });

  test('one share rounds down, another up', () => {
    const share = (within: number, late: number) =>
      figuresFromRows(
        annualReportRows(
          [
            ...Array.from({ length: within }, (_, i) => rapid(`W${i}`, '2019-05-01', ['2019-05-08', '2019-05-08'], ['2019-05-22', '2019-05-22'])),
            ...Array.from({ length: late }, (_, i) => rapid(`L${i}`, '2019-05-01', ['2019-05-08', '2019-05-08'], ['2019-05-22', '2019-05-23'])),
          ],
          period,
          afterTheYear,
          calendar(),
        ),
        period,
        [],
      ).rapidReviewsWithin15WorkingDaysShare;
    expect([share(1, 2), share(2, 1), share(1, 7)]).toEqual([33, 67, 13]);
  });

  test('the return rate is the QA table\'s: every section 175 audit opened in the year, no other type, one decimal', () => {
    const laterCaseFile = qaAudit('CFA-2020-EARLY', 'case-file', '2020-03-01', [], [], [4, 1]);
    expect(figuresFromRows([], period, qa([...qaAudits, laterCaseFile])).section175ReturnRate).toBe(74.9);
    expect(figuresFromRows([], period, qa([qaAudits[0]!])).section175ReturnRate).toBe(75); // 150 of 200
    expect(figuresFromRows([], period, qa([qaAudits[1]!])).section175ReturnRate).toBe(66.7); // 2 of 3, not rounded down to 66
    // Opened after the year: not the year's.
    expect(figuresFromRows([], period, qa([qaAudit('S175-2020', 'section-175', '2020-04-02', [], [], [10, 1])])).section175ReturnRate).toBeNull();
  });
});

describe('audits completed: one figure, from the quality assurance table', () => {
  // Completed means the last stage reached and every action done, counted on that day, whenever the audit opened.
  const qaYear = [
    qaAudit('S175-2018', 'section-175', '2019-02-01', [['returns-closed', '2019-03-29'], ['findings-agreed', '2019-05-15']]), // opened before the year, completed in it
    qaAudit('CFA-2018', 'case-file', '2019-03-04', [['returns-closed', '2019-03-20'], ['audit-meeting-held', '2019-03-27'], ['findings-agreed', '2019-04-03'], ['action-plan-agreed', '2019-04-10'], ['learning-shared', '2019-04-30']]), // the same
    qaAudit('S11-2019', 'section-11', '2019-06-03', [['returns-closed', '2019-09-02'], ['practitioner-survey-done', '2019-10-01'], ['peer-challenge-held', '2019-11-04'], ['action-plan-agreed', '2020-02-03']], [{ dueOn: '2020-04-30', completedOn: '2020-05-01' }]), // its last action done after the year
    qaAudit('CFA-2019B', 'case-file', '2019-09-02', [['returns-closed', '2019-10-01'], ['audit-meeting-held', '2019-10-15'], ['findings-agreed', '2019-11-01'], ['action-plan-agreed', '2019-11-15'], ['learning-shared', '2019-12-02']]), // opened and completed in the year
    qaAudit('S175-2019', 'section-175', '2019-10-01', [['returns-closed', '2019-12-13']]), // not completed
  ];
  // The read model's rows of the audits opened in the year, in their state today.
  const opened: ReportAudit[] = [
    { reference: 'S11-2019', type: 'section-11', theme: null, state: 'completed', openedOn: '2019-06-03', participants: 6, returned: 6 },
    { reference: 'CFA-2019B', type: 'case-file', theme: null, state: 'completed', openedOn: '2019-09-02', participants: 4, returned: 4 },
    { reference: 'S175-2019', type: 'section-175', theme: null, state: 'open', openedOn: '2019-10-01', participants: 0, returned: 0 },
  ];

  test('the summary, the Markdown and the QA section say 3: S175-2018, CFA-2018 and CFA-2019B', () => {
    const qaRows = qa(qaYear);
    expect(figuresFromRows([], period, qaRows).auditsCompleted).toBe(3);
    expect(annualReportMarkdown([], opened, period, qaRows)).toContain('- Audits completed: 3;');
    expect(qaFiguresFromRows(qaRows).auditsCompleted).toEqual({ 'case-file': 2, 'section-11': 0, 'section-175': 1 });
    expect(qaReportMarkdown(qaRows)).toContain('| Audits completed | Multi-agency case-file audit | 2 |  |  | CFA-2018 (2019-04-30) CFA-2019B (2019-12-02) |');
  });
});

describe('the Markdown section', () => {
  test('lists each review, verdict, decision, hold and audit of the year', () => {
    expect(annualReportMarkdown(rows(), audits, period, qa())).toBe(
      [
        '# Serious incidents and practice reviews, 2019-04-01 to 2020-03-31',
        '',
        '- Rapid reviews: 4 (submitted 2; within 15 working days: 1, 50%)',
        "- Local child safeguarding practice reviews commissioned: 4; on hold in the period 3 (22 working days within the period); published 2; in progress at the period's end 2",
        '- Audits completed: 2; section 175 return rate: 74.9%',
        '',
        '## Timeliness',
        '',
        "- T1, Serious incident notified within 5 working days: 2 of 3 in time (67%); 1 open at the period's end",
        "- T4, Rapid review sent to the Panel within 15 working days: 1 of 2 in time (50%); 2 open at the period's end",
        "- T7, Practice review published within 6 months (moved by holds): 1 of 2 in time (50%); 2 open at the period's end",
        "- T8, Final report to the Panel and Secretary of State 7 working days before publication: 1 of 2 in time (50%); 1 open at the period's end",
        '',
        '## Rapid reviews',
        '',
        '| Reference | Aware | Stage | T1 due | T1 met | T1 | T4 due | T4 met | T4 |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        '| RR-1 | 2019-04-01 | no-lcspr | 2019-04-05 | 2019-04-05 | in time | 2019-04-23 | 2019-04-23 | in time |',
        '| RR-2 | 2019-06-10 | notification-due | 2019-06-14 | 2019-06-17 | late | 2019-07-01 | not yet | open |',
        '| RR-3 | 2019-07-01 | submitted-to-panel | 2019-07-05 | 2019-07-01 | in time | 2019-07-22 | 2019-07-23 | late |',
        '| RR-4 | 2020-03-31 | submitted-to-panel | 2020-04-07 | not yet | open | 2020-04-21 | not yet | open |',
        '',
        '### Decisions',
        '',
        '- RR-1: 2019-05-01 no LCSPR: learning briefing',
        '',
        '## Practice reviews',
        '',
        '- LC-3 (commissioned 2018-11-01): published 2019-07-10 (late; due 2019-05-01, statutory date 2019-05-01); T8 copy due 2019-06-28, sent 2019-07-01 (late); on hold 2019-03-01 to 2019-04-03 (inquest): 2 working days on hold within the period',
        '- LC-1 (commissioned 2019-05-01): published 2019-11-15 (in time; due 2019-11-15, statutory date 2019-11-01); T8 copy due 2019-11-06, sent 2019-11-06 (in time); on hold 2019-06-03 to 2019-06-17 (inquest): 10 working days on hold within the period',
        "- LC-2 (commissioned 2019-09-02): not published by the period's end (due 2020-04-15, statutory date 2020-04-01); T8 copy due 2020-03-20; on hold 2019-10-01 to 2019-10-08 (capacity); on hold 2020-03-25 to now (inquest): 10 working days on hold within the period",
        "- LC-6 (commissioned 2019-12-02): not published by the period's end (due 2020-06-02, statutory date 2020-06-02); T8 copy due 2020-02-01",
        "- LC-4 (commissioned 2020-01-06): not published by the period's end (due 2020-07-06, statutory date 2020-07-06)",
        '',
        '## Audits',
        '',
        '- S175-2019 (section-175): closed, returns 150 of 200',
        '- S175-2019-R2 (section-175): open, returns 2 of 3',
        '- CFA-2019 (case-file: neglect): closed, returns 5 of 6',
        '',
      ].join('\n'),
    );
  });

  test('says so when there is nothing to list', () => {
    const text = annualReportMarkdown(annualReportRows([rapid('RR-2', '2019-06-10', ['2019-06-14', null], ['2019-07-01', null])], period, afterTheYear, calendar()), [], period, []);
    expect(text).toContain('- Rapid reviews: 1 (submitted 0; within 15 working days: n/a)\n');
    expect(text).toContain("- T4, Rapid review sent to the Panel within 15 working days: 0 of 0 in time; 1 open at the period's end\n");
    expect(text).toContain('- T7, Practice review published within 6 months (moved by holds): 0 of 0 in time\n');
    expect(text).toContain('- Audits completed: 0; section 175 return rate: n/a\n');
    expect(text).toContain('### Decisions\n\n- none recorded\n');
    expect(text).toContain('## Practice reviews\n\n- none\n');
    expect(text.endsWith('## Audits\n\n- none\n')).toBe(true);
  });
});

describe('the CSV', () => {
  const header = ANNUAL_REPORT_CSV_HEADER.join(',');
  test('the header, written out', () => {
    expect(header).toBe(
      'reference,process,stage,aware_on,commissioned_on,published_on,' +
        't1_due,t1_statutory_due,t1_met_on,t1_verdict,t4_due,t4_statutory_due,t4_met_on,t4_verdict,t7_due,t7_statutory_due,t7_met_on,t7_verdict,t8_due,t8_statutory_due,t8_met_on,t8_verdict,' +
        'commissioned_in_period,on_hold_in_period,working_days_on_hold_in_period,published_in_period,in_progress_at_end,holds,decisions',
    );
    expect(annualReportCsv([])).toBe(`${header}\n`);
  });

  test('one row per case of the year, quoted where needed, never a formula', () => {
    const year = annualReportRows(
      [
        rapid('RR-1', '2019-04-01', ['2019-04-05', '2019-04-05'], ['2019-04-23', '2019-04-23'], 'no-lcspr', [
          { occurredOn: '2019-05-01', summary: 'no LCSPR, "learning briefing"' },
          { occurredOn: '2019-05-02', summary: 'briefing sent' },
        ]),
        rapid('=HYPERLINK("x")', '2019-06-10', ['2019-06-14', '2019-06-17'], ['2019-07-01', null], 'notification-due'),
        rapid('RR-0', '2019-03-31', ['2019-04-05', '2019-04-01'], ['2019-04-19', '2019-04-18']),
        cases.find((c) => c.reference === 'LC-2')!,
        { ...rapid('+1', '2019-06-11', ['2019-06-18', null], ['2019-07-02', null]), stage: '-x', decisions: [{ occurredOn: '2019-06-12', summary: 'x' }] },
        { ...cases.find((c) => c.reference === 'LC-1')!, reference: 'LC-@', holds: [{ kind: 'pause', from: '2019-06-03', to: '2019-06-17', reason: '@reason, with a comma' }] },
      ],
      period,
      afterTheYear,
      calendar(),
    );
    expect(annualReportCsv(year).split('\n')).toEqual([
      header,
      'RR-1,rapid-review,no-lcspr,2019-04-01,,,2019-04-05,2019-04-05,2019-04-05,met,2019-04-23,2019-04-23,2019-04-23,met,,,,,,,,,no,no,0,no,no,,"2019-05-01 no LCSPR, ""learning briefing""; 2019-05-02 briefing sent"',
      'LC-@,practice-review,action-plan-monitoring,2018-09-03,2019-05-01,2019-11-15,,,,,,,,,2019-11-15,2019-11-01,2019-11-15,met,2019-11-06,2019-11-06,2019-11-06,met,yes,yes,10,yes,no,"on hold 2019-06-03 to 2019-06-17 (@reason, with a comma)",',
      `"'=HYPERLINK(""x"")",rapid-review,notification-due,2019-06-10,,,2019-06-14,2019-06-14,2019-06-17,met-late,2019-07-01,2019-07-01,,open,,,,,,,,,no,no,0,no,no,,`,
      "'+1,rapid-review,'-x,2019-06-11,,,2019-06-18,2019-06-18,,open,2019-07-02,2019-07-02,,open,,,,,,,,,no,no,0,no,no,,2019-06-12 x",
      'LC-2,practice-review,draft-report,2018-09-03,2019-09-02,,,,,,,,,,2020-04-15,2020-04-01,,open,2020-03-20,2020-03-20,,open,yes,yes,10,no,yes,on hold 2019-10-01 to 2019-10-08 (capacity); on hold 2020-03-25 to now (inquest),',
      '',
    ]);
  });

  test('a line break in a cell is quoted', () => {
    const csv = annualReportCsv(annualReportRows([rapid('RR-1', '2019-04-01', ['2019-04-05', null], ['2019-04-23', null], 'x', [{ occurredOn: '2019-05-01', summary: 'line one\nline two' }])], period, afterTheYear, calendar()));
    expect(csv).toContain(',"2019-05-01 line one\nline two"\n');
  });

  test('every figure can be recounted from the CSV rows alone', () => {
    const [head, ...lines] = annualReportCsv(rows()).trimEnd().split('\n');
    const cols = head!.split(',');
    // No cell of this year's rows is quoted, so a plain split is exact.
    const csvRows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
    const count = (f: (r: Record<string, string>) => boolean) => csvRows.filter(f).length;
    const f = figuresFromRows(rows(), period, qa());
    expect([
      count((r) => r.process === 'rapid-review'),
      count((r) => r.commissioned_in_period === 'yes'),
      count((r) => r.on_hold_in_period === 'yes'),
      csvRows.reduce((n, r) => n + Number(r.working_days_on_hold_in_period), 0),
      count((r) => r.published_in_period === 'yes'),
      count((r) => r.in_progress_at_end === 'yes'),
      count((r) => r.t1_verdict === 'met'),
      count((r) => r.t1_verdict === 'met-late'),
      count((r) => r.t4_verdict === 'met'),
      count((r) => r.t4_verdict === 'met-late'),
    ]).toEqual([f.rapidReviews, f.lcsprsCommissioned, f.lcsprsPaused, f.workingDaysPaused, f.lcsprsPublished, f.lcsprsInProgress, f.timeliness.T1.met, f.timeliness.T1.metLate, f.timeliness.T4.met, f.timeliness.T4.metLate]);
    // ...and those are the hand counts above.
    expect([f.rapidReviews, f.lcsprsCommissioned, f.lcsprsPaused, f.workingDaysPaused, f.lcsprsPublished, f.lcsprsInProgress]).toEqual([4, 4, 3, 22, 2, 2]);
  });
});

describe('cases the main rows do not cover', () => {
  test('every open unpublished review is in progress, a closed one is not', () => {
    const open = [
      lcspr('LC-A', '2019-05-01', 'draft-report', 'open', [], [dl('completion', 'T7', '2019-11-01', null)]),
      lcspr('LC-B', '2019-06-03', 'evidence-gathering', 'open', [], [dl('completion', 'T7', '2019-12-03', null)]),
      lcspr('LC-C', '2019-07-01', 'draft-report', 'closed', [], [dl('completion', 'T7', '2020-01-01', null)]),
    ];
    expect(figuresFromRows(annualReportRows(open, period, afterTheYear, calendar()), period, []).lcsprsInProgress).toBe(2);
  });

  test('a rapid review without deadlines (not notifiable) has empty cells', () => {
    const notNotifiable: ReportCase = { ...rapid('RR-9', '2019-06-10', ['2019-06-14', null], ['2019-07-01', null], 'closed-not-notifiable'), deadlines: [] };
    const year = annualReportRows([notNotifiable], period, afterTheYear, calendar());
    expect(annualReportMarkdown(year, [], period, [])).toContain('| RR-9 | 2019-06-10 | closed-not-notifiable |  | not yet |  |  | not yet |  |\n');
    expect(annualReportCsv(year)).toContain('RR-9,rapid-review,closed-not-notifiable,2019-06-10,,,,,,,,,,,,,,,,,,,no,no,0,no,no,,\n');
  });
});
