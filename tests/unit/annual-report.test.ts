/**
 * The annual report's figures, Markdown and CSV (domain/annual-report.ts) from hand-made read-model
 * rows for the year 1 Apr 2019 - 31 Mar 2020: every figure, each period boundary, the rounding,
 * and the CSV's quoting and formula guard. Expected figures are counted by hand from the rows.
 */
import { annualFigures, annualReportCsv, annualReportMarkdown, type ReportAudit, type ReportCase } from '../../domain/annual-report';

const period = { from: '2019-04-01', to: '2020-03-31' };
type Pause = ReportCase['deadlines'][number]['pauses'][number];

const rapid = (reference: string, awareOn: string, statutoryDue: string, metOn: string | null, stage = 'submitted-to-panel', decisions: ReportCase['decisions'] = []): ReportCase => ({
  reference,
  process: 'rapid-review',
  stage,
  state: 'open',
  awareOn,
  deadlines: [
    { key: 'notification', ruleId: 'T1', due: awareOn, statutoryDue: awareOn, metOn: awareOn, paused: false, pauses: [] },
    { key: 'rapid-review', ruleId: 'T4', due: statutoryDue, statutoryDue, metOn, paused: false, pauses: [] },
  ],
  decisions,
});
const lcspr = (reference: string, awareOn: string, stage: string, state: string, completionPauses: Pause[] = [], otherPauses: Pause[] = []): ReportCase => ({
  reference,
  process: 'practice-review',
  stage,
  state,
  awareOn,
  deadlines: [
    { key: 'completion', ruleId: 'T7', due: '2020-12-01', statutoryDue: '2020-11-01', metOn: null, paused: false, pauses: completionPauses },
    { key: 'agency-report:police', ruleId: 'T11', due: '2020-01-01', statutoryDue: '2020-01-01', metOn: null, paused: false, pauses: otherPauses },
  ],
  decisions: [],
});
const inquest: Pause = { from: '2019-06-01', to: '2019-06-15', workingDays: 10, reason: 'inquest' };

const cases: ReportCase[] = [
  rapid('RR-0', '2019-03-31', '2019-04-19', '2019-04-18'), // before the year
  rapid('RR-1', '2019-04-01', '2019-04-23', '2019-04-23', 'no-lcspr', [{ occurredOn: '2019-05-01', summary: 'no LCSPR: learning briefing' }]), // first day, on time
  rapid('RR-2', '2019-06-10', '2019-07-01', null, 'notification-due'), // not submitted
  rapid('RR-3', '2019-07-01', '2019-07-22', '2019-07-19'), // early
  rapid('RR-4', '2020-03-31', '2020-04-21', '2020-04-22'), // last day, late
  rapid('RR-5', '2020-04-01', '2020-04-22', '2020-04-22'), // after the year
  lcspr('LC-1', '2019-05-01', 'action-plan-monitoring', 'open', [inquest], [inquest]), // the same hold on two deadlines counts once
  lcspr('LC-2', '2019-09-01', 'draft-report', 'open', [
    { from: '2019-10-01', to: '2019-10-08', workingDays: 5, reason: 'capacity' },
    { from: '2019-11-01', workingDays: 3, reason: 'inquest' },
  ]),
  lcspr('LC-3', '2019-10-01', 'closed', 'closed'),
  lcspr('LC-4', '2019-11-01', 'terms-of-reference', 'closed'),
  lcspr('LC-5', '2020-04-02', 'draft-report', 'open', [inquest]),
];
const audits: ReportAudit[] = [
  { reference: 'S175-2019', type: 'section-175', theme: null, state: 'closed', openedOn: '2019-05-01', participants: 200, returned: 150 },
  { reference: 'S175-2019-R2', type: 'section-175', theme: null, state: 'open', openedOn: '2019-11-01', participants: 3, returned: 2 },
  { reference: 'CFA-2019', type: 'case-file', theme: 'neglect', state: 'closed', openedOn: '2019-04-01', participants: 6, returned: 5 },
  { reference: 'CFA-2020', type: 'case-file', theme: null, state: 'closed', openedOn: '2020-04-01', participants: 6, returned: 6 },
  { reference: 'S175-2020', type: 'section-175', theme: null, state: 'open', openedOn: '2020-04-02', participants: 10, returned: 1 },
];

describe('annual figures', () => {
  test('counted by hand from the rows', () => {
    expect(annualFigures(cases, audits, period)).toEqual({
      rapidReviews: 4, // RR-1 to RR-4
      rapidReviewsSubmitted: 3, // RR-1, RR-3, RR-4
      rapidReviewsWithin15WorkingDays: 2, // RR-1 on the day, RR-3 early
      rapidReviewsWithin15WorkingDaysShare: 67, // 2 of 3, rounded
      lcsprsCommissioned: 4, // LC-1 to LC-4
      lcsprsInProgress: 1, // LC-2: LC-1 is published, LC-3 and LC-4 are closed
      lcsprsPaused: 2, // LC-1, LC-2
      workingDaysPaused: 18, // LC-1 10 (once), LC-2 5 + 3
      lcsprsPublished: 2, // LC-1, LC-3
      auditsCompleted: 2, // S175-2019, CFA-2019
      section175ReturnRate: 67, // the latest in the year, S175-2019-R2: 2 of 3
    });
  });

  test('with nothing submitted or returned, the shares are not applicable rather than 0', () => {
    const none = annualFigures([rapid('RR-2', '2019-06-10', '2019-07-01', null)], [{ ...audits[1]!, participants: 0, returned: 0 }], period);
    expect([none.rapidReviewsSubmitted, none.rapidReviewsWithin15WorkingDays, none.rapidReviewsWithin15WorkingDaysShare, none.section175ReturnRate]).toEqual([0, null, null, null]);
    expect(annualFigures([], [], period).section175ReturnRate).toBeNull();
  });

  test.each(['published', 'improvements-published', 'action-plan-due', 'action-plan-monitoring', 'learning-audit', 'closed'])('a practice review at %s counts as published', (stage) => {
    const f = annualFigures([lcspr('LC', '2019-05-01', stage, 'open')], [], period);
    expect([f.lcsprsPublished, f.lcsprsInProgress]).toEqual([1, 0]);
  });

  test('one share rounds down, another up', () => {
    const share = (within: number, late: number) =>
      annualFigures(
        [...Array.from({ length: within }, (_, i) => rapid(`W${i}`, '2019-05-01', '2019-05-22', '2019-05-22')), ...Array.from({ length: late }, (_, i) => rapid(`L${i}`, '2019-05-01', '2019-05-22', '2019-05-23'))],
        [],
        period,
      ).rapidReviewsWithin15WorkingDaysShare;
    expect([share(1, 2), share(2, 1), share(1, 7)]).toEqual([33, 67, 13]);
  });
});

describe('the Markdown section', () => {
  test('lists each review, decision, hold and audit of the year', () => {
    expect(annualReportMarkdown(cases, audits, period)).toBe(
      [
        '# Serious incidents and practice reviews, 2019-04-01 to 2020-03-31',
        '',
        '- Rapid reviews: 4 (submitted 3; within 15 working days: 2, 67%)',
        '- Local child safeguarding practice reviews commissioned: 4; in progress 1; paused 2 (18 working days in all); published 2',
        '- Audits completed: 2; section 175 return rate: 67%',
        '',
        '## Rapid reviews',
        '',
        '| Reference | Aware | Stage | Rapid review due | Submitted | Within timescale |',
        '| --- | --- | --- | --- | --- | --- |',
        '| RR-1 | 2019-04-01 | no-lcspr | 2019-04-23 | 2019-04-23 | yes |',
        '| RR-2 | 2019-06-10 | notification-due | 2019-07-01 | not yet |  |',
        '| RR-3 | 2019-07-01 | submitted-to-panel | 2019-07-22 | 2019-07-19 | yes |',
        '| RR-4 | 2020-03-31 | submitted-to-panel | 2020-04-21 | 2020-04-22 | no |',
        '',
        '### Decisions',
        '',
        '- RR-1, 2019-05-01: no LCSPR: learning briefing',
        '',
        '## Practice reviews',
        '',
        '- LC-1 (commissioned 2019-05-01): action-plan-monitoring; on hold 2019-06-01 to 2019-06-15 (inquest, 10 working days)',
        '- LC-2 (commissioned 2019-09-01): draft-report; on hold 2019-10-01 to 2019-10-08 (capacity, 5 working days), 2019-11-01 to now (inquest, 3 working days)',
        '- LC-3 (commissioned 2019-10-01): closed',
        '- LC-4 (commissioned 2019-11-01): terms-of-reference',
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
    const text = annualReportMarkdown([rapid('RR-2', '2019-06-10', '2019-07-01', null)], [], period);
    expect(text).toContain('- Rapid reviews: 1 (submitted 0; within 15 working days: n/a)\n');
    expect(text).toContain('- Audits completed: 0; section 175 return rate: n/a\n');
    expect(text).toContain('### Decisions\n\n- none recorded\n');
    expect(text).toContain('## Practice reviews\n\n- none\n');
    expect(text.endsWith('## Audits\n\n- none\n')).toBe(true);
  });
});

describe('the CSV', () => {
  test('one row per case of the year, quoted where needed, never a formula', () => {
    const csv = annualReportCsv(
      [
        rapid('RR-1', '2019-04-01', '2019-04-23', '2019-04-23', 'no-lcspr', [
          { occurredOn: '2019-05-01', summary: 'no LCSPR, "learning briefing"' },
          { occurredOn: '2019-05-02', summary: 'briefing sent' },
        ]),
        rapid('RR-4', '2020-03-31', '2020-04-21', '2020-04-22'),
        rapid('=HYPERLINK("x")', '2019-06-10', '2019-07-01', null, 'notification-due'),
        rapid('RR-0', '2019-03-31', '2019-04-19', '2019-04-18'),
        lcspr('LC-2', '2019-09-01', 'draft-report', 'open', [
          { from: '2019-10-01', to: '2019-10-08', workingDays: 5, reason: 'capacity' },
          { from: '2019-11-01', workingDays: 3, reason: 'inquest' },
        ], [{ from: '2019-10-01', to: '2019-10-08', workingDays: 5, reason: 'capacity' }]),
        { ...rapid('+1', '2019-06-11', '2019-07-02', null), stage: '-x', state: '@y' },
      ],
      period,
    );
    expect(csv.split('\n')).toEqual([
      'reference,process,aware_or_commissioned_on,stage,state,rapid_review_due,rapid_review_submitted,within_timescale,working_days_paused,pause_reasons,decisions',
      'RR-1,rapid-review,2019-04-01,no-lcspr,open,2019-04-23,2019-04-23,yes,0,,"2019-05-01 no LCSPR, ""learning briefing""; 2019-05-02 briefing sent"',
      'RR-4,rapid-review,2020-03-31,submitted-to-panel,open,2020-04-21,2020-04-22,no,0,,',
      `"'=HYPERLINK(""x"")",rapid-review,2019-06-10,notification-due,open,2019-07-01,,,0,,`,
      'LC-2,practice-review,2019-09-01,draft-report,open,,,,8,capacity; inquest,',
      "'+1,rapid-review,2019-06-11,'-x,'@y,2019-07-02,,,0,,",
      '',
    ]);
    expect(annualReportCsv([], period)).toBe('reference,process,aware_or_commissioned_on,stage,state,rapid_review_due,rapid_review_submitted,within_timescale,working_days_paused,pause_reasons,decisions\n');
  });

  test('a line break in a cell is quoted', () => {
    const csv = annualReportCsv([rapid('RR-1', '2019-04-01', '2019-04-23', null, 'x', [{ occurredOn: '2019-05-01', summary: 'line one\nline two' }])], period);
    expect(csv).toContain(',"2019-05-01 line one\nline two"\n');
  });
});

describe('cases the main rows do not cover', () => {
  test('the return rate is the latest section 175 audit, not the latest audit; every open unpublished review is in progress', () => {
    const later: ReportAudit = { reference: 'CFA-2020-EARLY', type: 'case-file', theme: null, state: 'open', openedOn: '2020-03-01', participants: 4, returned: 1 };
    expect(annualFigures([], [...audits, later], period).section175ReturnRate).toBe(67);
    const open = [lcspr('LC-A', '2019-05-01', 'draft-report', 'open'), lcspr('LC-B', '2019-06-01', 'evidence-gathering', 'open'), lcspr('LC-C', '2019-07-01', 'draft-report', 'closed')];
    expect(annualFigures(open, [], period).lcsprsInProgress).toBe(2);
  });

  test('a rapid review without a T4 deadline (not notifiable) has empty cells', () => {
    const notNotifiable: ReportCase = { ...rapid('RR-9', '2019-06-10', '2019-07-01', null, 'closed-not-notifiable'), deadlines: [] };
    expect(annualReportMarkdown([notNotifiable], [], period)).toContain('| RR-9 | 2019-06-10 | closed-not-notifiable |  | not yet |  |\n');
    expect(annualReportCsv([notNotifiable], period)).toContain('RR-9,rapid-review,2019-06-10,closed-not-notifiable,open,,,,0,,\n');
  });
});
