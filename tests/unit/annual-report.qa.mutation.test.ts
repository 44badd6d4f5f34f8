/**
 * The annual report's quality assurance table (qaReportRows and its JSON, Markdown and CSV forms) for
 * the year 1 Apr 2019 - 31 Mar 2020, from hand-made audits, QAPP meetings and controls. Every count,
 * rate and detail below is counted by hand from the fixtures (weekdays checked with GNU `date -d`; no
 * bank holiday falls between a returns due date and a late return), never computed by the code under test.
 */
import { defaultCalendar } from '../../domain/calendar';
import {
  auditCompletedOn,
  auditsCompletedTotal,
  figuresFromRows,
  QA_REPORT_CSV_HEADER,
  qaFiguresFromRows,
  qaReportCsv,
  qaReportMarkdown,
  qaReportRows,
  type QaReportAudit,
  type QaReportControl,
  type QaReportMeeting,
  type QaRow,
} from '../../domain/annual-report';

const period = { from: '2019-04-01', to: '2020-03-31' };
const afterTheYear = '2020-06-30';

const audit = (reference: string, type: QaReportAudit['type'], openedOn: string, returnsDueOn: string, milestones: [string, string][], participants: [string, string | null][] = [], actions: (string | null)[] = []): QaReportAudit => ({
  reference,
  type,
  theme: null,
  openedOn,
  returnsDueOn,
  paused: false,
  milestones: milestones.map(([milestone, occurredOn]) => ({ milestone, occurredOn })),
  participants: participants.map(([id, returnedOn]) => ({ id, label: id.toUpperCase(), returnedOn })),
  actions: actions.map((completedOn) => ({ dueOn: '2020-06-01', completedOn })),
});
const meeting = (date: string, state: string, minutedOn: string | null = null, actions: (string | null)[] = []): QaReportMeeting => ({
  date,
  state,
  minutedOn,
  actions: actions.map((completedOn) => ({ dueOn: '2020-06-01', completedOn })),
});

const audits: QaReportAudit[] = [
  // Returns due Wed 15 May: p1 on the day, p2 Mon 20 May (Thu, Fri, Mon: 3 working days late), p3 never,
  // p4 after the year (not received by its end). Completed on its last action, done on the year's last day.
  audit(
    'CFA-A',
    'case-file',
    '2019-05-01',
    '2019-05-15',
    [['returns-closed', '2019-05-31'], ['audit-meeting-held', '2019-05-31'], ['findings-agreed', '2019-05-31'], ['action-plan-agreed', '2019-06-03'], ['learning-shared', '2019-06-10']],
    [['p1', '2019-05-15'], ['p2', '2019-05-20'], ['p3', null], ['p4', '2020-04-01']],
    ['2019-08-30', '2020-03-31'],
  ),
  // Opened on the year's last day; nothing returned yet.
  audit('CFA-B', 'case-file', '2020-03-31', '2020-04-14', [], [['b1', null], ['b2', null]]),
  // Opened before the year, completed on its first day; its plan agreed before the year.
  audit('CFA-OLD', 'case-file', '2019-03-01', '2019-03-15', [['action-plan-agreed', '2019-03-29'], ['learning-shared', '2019-04-01']], [], ['2019-03-31']),
  // Opened before and not completed (an action still open), but its plan agreed in the year: 3 actions agreed, 1 done by the year's end.
  audit('S11-X', 'section-11', '2019-01-07', '2019-02-01', [['returns-closed', '2019-03-01'], ['practitioner-survey-done', '2019-06-03'], ['peer-challenge-held', '2019-09-02'], ['action-plan-agreed', '2020-02-03']], [], ['2020-03-31', '2020-04-01', null]),
  // Opened before the year, completed in it on its last action (1 Jul), after its last stage (3 Jun).
  audit('S175-Y', 'section-175', '2018-06-01', '2018-07-02', [['returns-closed', '2018-09-03'], ['findings-agreed', '2019-06-03']], [], ['2019-07-01']),
  // Due Tue 15 Oct: q1 on the day, q2 Fri 18 Oct (3 late), q3 Wed 16 Oct (1 late).
  audit('LEA-1', 'learning-embedded', '2019-10-01', '2019-10-15', [['returns-closed', '2019-10-16']], [['q1', '2019-10-15'], ['q2', '2019-10-18'], ['q3', '2019-10-16']]),
];
const meetings: QaReportMeeting[] = [
  meeting('2019-03-27', 'minuted', '2019-04-01', ['2019-05-01']), // held before the year, minuted in it: its action is the year's
  meeting('2019-06-12', 'minuted', '2019-06-20', [null, '2019-07-01']),
  meeting('2019-07-10', 'skipped'),
  meeting('2019-09-11', 'minutes-missing'),
  meeting('2019-12-11', 'scheduled'), // neither held nor skipped
  meeting('2020-03-11', 'skipped'),
  meeting('2020-03-25', 'awaiting-minutes'),
  meeting('2020-04-08', 'minuted', '2020-04-15', [null]), // after the year
];
const controls: QaReportControl[] = [
  { kind: 'audit-activity-suspended', effectiveOn: '2019-03-31', detail: 'before the year' },
  { kind: 'cadence-changed', effectiveOn: '2019-09-01', detail: 'monthly | bi-monthly' },
  { kind: 'audit-activity-suspended', effectiveOn: '2019-08-01', detail: 'summer' },
  { kind: 'audit-activity-resumed', effectiveOn: '2019-10-01', detail: 'resumed' },
  { kind: 'cycle-stopped', effectiveOn: '2019-11-01', detail: 'stopped' },
  { kind: 'audit-activity-suspended', effectiveOn: '2020-03-20', detail: 'COVID-19, multi-agency audits' },
  { kind: 'cadence-changed', effectiveOn: '2020-03-31', detail: 'back to monthly' },
  { kind: 'cadence-changed', effectiveOn: '2020-04-01', detail: 'after the year' },
];
const qa = (today = afterTheYear) => qaReportRows(audits, meetings, controls, period, today, defaultCalendar());
const r = (measure: QaRow['measure'], auditType: QaRow['auditType'], count: number, of: number | null, percent: number | null, detail: string): QaRow => ({ measure, auditType, count, of, percent, detail });

describe('the quality assurance table, counted by hand', () => {
  test('every row of the year, in audit type order then the programme as a whole', () => {
    expect(qa()).toEqual([
      r('audits-opened', 'case-file', 2, null, null, 'CFA-A CFA-B'),
      r('audits-completed', 'case-file', 2, null, null, 'CFA-A (2020-03-31) CFA-OLD (2019-04-01)'),
      r('returns-received', 'case-file', 2, 6, 33.3, ''), // p1, p2 of CFA-A's 4 and CFA-B's 2
      r('returns-late', 'case-file', 1, 2, 50, 'CFA-A/p2 (3 working days)'),
      // section 11: nothing opened or completed in the year, so no rows.
      r('audits-opened', 'section-175', 0, null, null, ''),
      r('audits-completed', 'section-175', 1, null, null, 'S175-Y (2019-07-01)'),
      // none opened in the year: no returns rows.
      r('audits-opened', 'learning-embedded', 1, null, null, 'LEA-1'),
      r('audits-completed', 'learning-embedded', 0, null, null, ''),
      r('returns-received', 'learning-embedded', 3, 3, 100, ''),
      r('returns-late', 'learning-embedded', 2, 3, 66.7, 'LEA-1/q2 (3 working days) LEA-1/q3 (1 working days)'),
      // CFA-A 2 + S11-X 3 + the minutes of 1 Apr (1) and 20 Jun (2); done: 30 Aug, 31 Mar, 31 Mar, 1 Jul, 1 May.
      r('actions-agreed', '', 8, null, null, ''),
      r('actions-done', '', 5, 8, 62.5, 'by the period end'),
      r('actions-open', '', 3, 8, 37.5, 'at the period end'),
      r('meetings-held', '', 3, null, null, '2019-06-12 2019-09-11 2020-03-25'),
      r('meetings-skipped', '', 2, null, null, '2019-07-10 2020-03-11'),
      r('cadence-changes', '', 2, null, null, 'monthly | bi-monthly; back to monthly'),
      r('suspensions', '', 2, null, null, 'summer; COVID-19, multi-agency audits'),
    ]);
  });

  test('as the year stood on Mon 20 May 2019: returns, completions and meetings after that day are not yet counted', () => {
    const early = qaReportRows(
      [
        audit('CFA-A', 'case-file', '2019-05-01', '2019-05-15', [['learning-shared', '2019-05-17']], [['p1', '2019-05-15'], ['p2', '2019-05-20'], ['p3', '2019-05-21']]),
        audit('CFA-C', 'case-file', '2019-05-02', '2019-05-16', [['learning-shared', '2019-05-20']], [['c1', '2019-05-16']]),
      ],
      [meeting('2019-05-08', 'minuted', '2019-05-10', ['2019-05-17']), meeting('2019-05-20', 'skipped'), meeting('2019-05-21', 'awaiting-minutes')],
      [],
      period,
      '2019-05-20',
      defaultCalendar(),
    );
    expect(early).toEqual([
      r('audits-opened', 'case-file', 2, null, null, 'CFA-A CFA-C'),
      r('audits-completed', 'case-file', 2, null, null, 'CFA-A (2019-05-17) CFA-C (2019-05-20)'),
      r('returns-received', 'case-file', 3, 4, 75, ''), // p3's return of 21 May is after the day
      r('returns-late', 'case-file', 1, 3, 33.3, 'CFA-A/p2 (3 working days)'),
      r('actions-agreed', '', 1, null, null, ''),
      r('actions-done', '', 1, 1, 100, 'by the period end'),
      r('actions-open', '', 0, 1, 0, 'at the period end'),
      r('meetings-held', '', 1, null, null, '2019-05-08'),
      r('meetings-skipped', '', 1, null, null, '2019-05-20'),
      r('cadence-changes', '', 0, null, null, ''),
      r('suspensions', '', 0, null, null, ''),
    ]);
  });

  test('a year with nothing in it still has the programme rows, all zero', () => {
    expect(qaReportRows([], [], [], period, afterTheYear, defaultCalendar()).map((x) => [x.measure, x.auditType, x.count, x.of, x.percent])).toEqual([
      ['actions-agreed', '', 0, null, null],
      ['actions-done', '', 0, 0, 0],
      ['actions-open', '', 0, 0, 0],
      ['meetings-held', '', 0, null, null],
      ['meetings-skipped', '', 0, null, null],
      ['cadence-changes', '', 0, null, null],
      ['suspensions', '', 0, null, null],
    ]);
  });
});

describe('when an audit is completed', () => {
  const caseFile = (milestones: [string, string][], actions: (string | null)[]) => audit('CFA', 'case-file', '2019-05-01', '2019-05-15', milestones, [], actions);
  test.each([
    ['its last stage reached, no actions', [['learning-shared', '2019-06-10']], [], '2019-06-10'],
    ['an earlier stage only', [['action-plan-agreed', '2019-06-03']], [], undefined],
    ['the last stage, an action still open', [['learning-shared', '2019-06-10']], ['2019-06-01', null], undefined],
    ['the last stage after every action', [['learning-shared', '2019-06-10']], ['2019-06-01', '2019-06-05'], '2019-06-10'],
    ['the last action after the stage, listed first', [['learning-shared', '2019-06-10']], ['2019-07-02', '2019-06-20'], '2019-07-02'],
    ['the last action after the stage, listed last', [['learning-shared', '2019-06-10']], ['2019-06-20', '2019-07-02'], '2019-07-02'],
  ] as [string, [string, string][], (string | null)[], string | undefined][])('%s', (_, milestones, actions, expected) => {
    expect(auditCompletedOn(caseFile(milestones, actions))).toBe(expected);
  });

  test('each type by its own last stage', () => {
    expect(auditCompletedOn(audit('S11', 'section-11', '2019-05-01', '2019-05-15', [['learning-shared', '2019-06-10']]))).toBeUndefined();
    expect(auditCompletedOn(audit('S11', 'section-11', '2019-05-01', '2019-05-15', [['action-plan-agreed', '2019-06-12']]))).toBe('2019-06-12');
    expect(auditCompletedOn(audit('SUF', 'service-user-feedback', '2019-05-01', '2019-05-15', [['findings-agreed', '2019-06-13']]))).toBe('2019-06-13');
  });
});

describe('the figures drawn from the table', () => {
  test('JSON figures, by type and for the programme', () => {
    expect(qaFiguresFromRows(qa())).toEqual({
      auditsOpened: { 'case-file': 2, 'section-175': 0, 'learning-embedded': 1 },
      auditsCompleted: { 'case-file': 2, 'section-175': 1, 'learning-embedded': 0 },
      returns: {
        'case-file': { received: 2, expected: 6, percent: 33.3, late: 1 },
        'learning-embedded': { received: 3, expected: 3, percent: 100, late: 2 },
      },
      actions: { agreed: 8, done: 5, open: 3 },
      meetings: { held: 3, skipped: 2 },
      cadenceChanges: 2,
      suspensions: 2,
    });
  });

  test('an empty table gives zeros, and a returns row without its rate or late row reads as 0', () => {
    expect(qaFiguresFromRows([])).toEqual({ auditsOpened: {}, auditsCompleted: {}, returns: {}, actions: { agreed: 0, done: 0, open: 0 }, meetings: { held: 0, skipped: 0 }, cadenceChanges: 0, suspensions: 0 });
    expect(qaFiguresFromRows([r('returns-received', 'section-11', 4, null, null, ''), r('returns-late', 'case-file', 9, 9, 100, '')]).returns).toEqual({ 'section-11': { received: 4, expected: 0, percent: 0, late: 0 } });
  });

  test('audits completed in the summary is the sum of the per-type rows', () => {
    expect(auditsCompletedTotal(qa())).toBe(3); // CFA-A, CFA-OLD, S175-Y
    expect(figuresFromRows([], period, qa()).auditsCompleted).toBe(3);
    expect(auditsCompletedTotal([r('audits-opened', 'case-file', 7, null, null, ''), r('audits-completed', 'case-file', 2, null, null, ''), r('audits-completed', 'section-11', 4, null, null, '')])).toBe(6);
  });
});

describe('the Markdown and CSV of the table', () => {
  test('Markdown: one line per row, type titles, rates to one decimal, pipes escaped', () => {
    expect(qaReportMarkdown(qa())).toBe(
      [
        '## Quality assurance',
        '',
        '| Measure | Audit type | Count | Of | % | Detail |',
        '| --- | --- | --- | --- | --- | --- |',
        '| Audits opened | Multi-agency case-file audit | 2 |  |  | CFA-A CFA-B |',
        '| Audits completed | Multi-agency case-file audit | 2 |  |  | CFA-A (2020-03-31) CFA-OLD (2019-04-01) |',
        '| Returns received | Multi-agency case-file audit | 2 | 6 | 33.3 |  |',
        '| Returns received late | Multi-agency case-file audit | 1 | 2 | 50.0 | CFA-A/p2 (3 working days) |',
        '| Audits opened | Section 175 schools safeguarding return | 0 |  |  |  |',
        '| Audits completed | Section 175 schools safeguarding return | 1 |  |  | S175-Y (2019-07-01) |',
        '| Audits opened | Learning-embedded audit (practitioner questionnaire) | 1 |  |  | LEA-1 |',
        '| Audits completed | Learning-embedded audit (practitioner questionnaire) | 0 |  |  |  |',
        '| Returns received | Learning-embedded audit (practitioner questionnaire) | 3 | 3 | 100.0 |  |',
        '| Returns received late | Learning-embedded audit (practitioner questionnaire) | 2 | 3 | 66.7 | LEA-1/q2 (3 working days) LEA-1/q3 (1 working days) |',
        '| Actions agreed | all | 8 |  |  |  |',
        '| Actions done | all | 5 | 8 | 62.5 | by the period end |',
        '| Actions open | all | 3 | 8 | 37.5 | at the period end |',
        '| QAPP meetings held | all | 3 |  |  | 2019-06-12 2019-09-11 2020-03-25 |',
        '| QAPP meetings skipped | all | 2 |  |  | 2019-07-10 2020-03-11 |',
        '| Meeting cadence changes | all | 2 |  |  | monthly \\| bi-monthly; back to monthly |',
        '| Suspensions of audit activity | all | 2 |  |  | summer; COVID-19, multi-agency audits |',
        '',
      ].join('\n'),
    );
  });

  test('Markdown: the other types by their titles, and a zero rate as 0.0', () => {
    const text = qaReportMarkdown([r('audits-opened', 'section-11', 1, null, null, 'a|b|c'), r('returns-received', 'service-user-feedback', 0, 5, 0, '')]);
    expect(text).toContain('| Audits opened | Section 11 self-assessment | 1 |  |  | a\\|b\\|c |\n');
    expect(text).toContain('| Returns received | Service-user feedback | 0 | 5 | 0.0 |  |\n');
  });

  test('CSV: the header, one line per row, rates to one decimal, quoted where needed, never a formula', () => {
    expect(QA_REPORT_CSV_HEADER).toEqual(['measure', 'audit_type', 'count', 'of', 'percent', 'detail']);
    expect(qaReportCsv(qa()).split('\n')).toEqual([
      'measure,audit_type,count,of,percent,detail',
      'audits-opened,case-file,2,,,CFA-A CFA-B',
      'audits-completed,case-file,2,,,CFA-A (2020-03-31) CFA-OLD (2019-04-01)',
      'returns-received,case-file,2,6,33.3,',
      'returns-late,case-file,1,2,50.0,CFA-A/p2 (3 working days)',
      'audits-opened,section-175,0,,,',
      'audits-completed,section-175,1,,,S175-Y (2019-07-01)',
      'audits-opened,learning-embedded,1,,,LEA-1',
      'audits-completed,learning-embedded,0,,,',
      'returns-received,learning-embedded,3,3,100.0,',
      'returns-late,learning-embedded,2,3,66.7,LEA-1/q2 (3 working days) LEA-1/q3 (1 working days)',
      'actions-agreed,,8,,,',
      'actions-done,,5,8,62.5,by the period end',
      'actions-open,,3,8,37.5,at the period end',
      'meetings-held,,3,,,2019-06-12 2019-09-11 2020-03-25',
      'meetings-skipped,,2,,,2019-07-10 2020-03-11',
      'cadence-changes,,2,,,monthly | bi-monthly; back to monthly',
      'suspensions,,2,,,"summer; COVID-19, multi-agency audits"',
      '',
    ]);
    expect(qaReportCsv([r('cadence-changes', '', 1, null, null, '=cmd|"x"')])).toBe('measure,audit_type,count,of,percent,detail\ncadence-changes,,1,,,"\'=cmd|""x"""\n');
    expect(qaReportCsv([])).toBe('measure,audit_type,count,of,percent,detail\n');
  });
});
