import { defaultCalendar } from '../../domain/calendar';
import { importFigures, parseTrackerCsv, parseTrackerJson, planTracker, type ParsedTracker } from '../../domain/import';
import { ruleSetFor } from '../../domain/rules';

const context = () => ({ today: '2026-12-04', calendar: defaultCalendar(), ruleSet: ruleSetFor });
const plan = (parsed: ParsedTracker) => planTracker(parsed, context());
const problemsOf = (csv: string) => plan(parseTrackerCsv(csv)).problems.map((p) => `${p.row}/${p.column}: ${p.problem}`);

describe('reading the tracker', () => {
  it('reads quoted cells with commas, quotes and line breaks, a byte-order mark and CRLF, and numbers rows as the spreadsheet does', () => {
    const parsed = parseTrackerCsv('\uFEFFReference,Process,Child,Aware On\r\n"WSCP-2019-01","rapid review","Child ""H"", the younger",2019-05-07\r\n\r\nWSCP-2019-02,RR,"Child\nJ",07/05/2019\r\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 2, cells: { reference: 'WSCP-2019-01', process: 'rapid review', child: 'Child "H", the younger', aware_on: '2019-05-07' } },
      { row: 4, cells: { reference: 'WSCP-2019-02', process: 'RR', child: 'Child\nJ', aware_on: '07/05/2019' } },
    ]);
    const planned = plan(parsed).rows.map((r) => r.plan);
    expect(planned.map((p) => p?.awareOn)).toEqual(['2019-05-07', '2019-05-07']);
  });

  it('reads the same rows from JSON, item n as row n', () => {
    const parsed = parseTrackerJson({ cases: [{ reference: 'WSCP-2019-01', process: 'rapid-review', child: 'Child H', aware_on: '2019-05-07', notifiable: false, decision_on: '2019-05-08' }, { reference: 'WSCP-2019-02', colour: 'red' }] });
    expect(parsed.problems).toEqual([{ row: 2, column: 'colour', problem: "unknown column 'colour'" }]);
    const { rows } = plan(parsed);
    expect(rows[0]!.state).toEqual({ stage: 'closed-not-notifiable', state: 'completed', overdue: [] });
    expect(rows[1]!.problems.map((p) => p.column)).toEqual(['process']);
  });
});

describe('every problem by row and column', () => {
  const header = 'reference,process,child,aware_on,notifiable,decision_on,notified_on,commissioned_on,reviewer,terms_agreed_on,hold_1_kind,hold_1_from,hold_1_to,hold_1_reason,colour';
  it.each([
    ['an unknown column', 'WSCP-2019-01,rapid review,Child A,2019-05-07,,,,,,,,,,,', '1/colour'],
    ['an impossible date', 'WSCP-2019-01,rapid review,Child A,2019-02-29,,,,,,,,,,,', "2/aware_on: '2019-02-29' is not a real date"],
    ['a reference outside the scheme', 'WSCP 19/01,rapid review,Child A,2019-05-07,,,,,,,,,,,', "2/reference: 'WSCP 19/01' must be a reference of the partnership's scheme, like WSCP-2019-03"],
    ['an unknown process', 'WSCP-2019-01,audit,Child A,2019-05-07,,,,,,,,,,,', "2/process: 'audit' is not a process"],
    ['a decision without its answer', 'WSCP-2019-01,rapid review,Child A,2019-05-07,,2019-05-08,,,,,,,,,', '2/notifiable: is required with decision_on'],
    ['a milestone before the awareness', 'WSCP-2019-01,rapid review,Child A,2019-05-07,yes,2019-05-06,,,,,,,,,', '2/decision_on: occurredOn 2019-05-06 is before the local authority became aware (2019-05-07)'],
    ['a milestone in the future', 'WSCP-2019-01,rapid review,Child A,2019-05-07,yes,2027-01-04,,,,,,,,,', '2/decision_on: occurredOn 2027-01-04 is in the future (today is 2026-12-04)'],
    ['a practice review without its reviewer', 'LCSPR-2020-01,practice review,,,,,,2020-02-17,,,,,,,', '2/reviewer: is required'],
    ['a hold ending before it starts', 'LCSPR-2020-01,practice review,,,,,,2020-02-17,R. Viewer,2020-03-02,pause,2020-04-06,2020-04-01,covid,', '2/hold_1_to: the hold ends (2020-04-01) before it starts (2020-04-06)'],
    ['a milestone during a pause', 'LCSPR-2020-01,practice review,,,,,,2020-02-17,R. Viewer,2020-05-04,pause,2020-04-06,2020-06-01,covid,', "2/terms_agreed_on: the review is on hold since 2020-04-06 (COVID-19): resume it before recording 'terms-of-reference-agreed'"],
    ['a publication deferral for a pause reason', 'LCSPR-2020-01,practice review,,,,,,2020-02-17,R. Viewer,,publication deferral,2020-04-06,,capacity,', "2/hold_1_reason: a publication deferral's reason must be criminal-proceedings or inquest"],
  ])('%s', (_what, line, expected) => {
    expect(problemsOf(`${header}\n${line}`).find((p) => p.startsWith(expected))).toBeDefined();
  });

  it("refuses a national review's information due dates without the date they were asked for, as it does the summaries'", () => {
    const head = 'reference,process,child,aware_on,notifiable,decision_on,notified_on';
    const row = 'WSCP-2019-01,rapid review,Child A,2019-05-07,yes,2019-05-08,2019-05-09';
    expect(problemsOf(`${head},information_due\n${row},police 2019-06-03`)).toEqual(['2/information_requested_on: is required with information_due']);
    expect(problemsOf(`${head},summaries_due\n${row},police 2019-06-03`)).toEqual(['2/summaries_requested_on: is required with summaries_due']);
  });

  it('refuses a row naming a reference an earlier row names, and plans the first', () => {
    const { rows, problems } = plan(parseTrackerCsv('reference,process,child,aware_on\nWSCP-2019-01,rapid review,Child A,2019-05-07\nWSCP-2019-01,rapid review,Child B,2019-06-07'));
    expect(problems).toEqual([{ row: 3, column: 'reference', problem: "'WSCP-2019-01' is already on row 2" }]);
    expect([rows[0]!.plan !== undefined, rows[1]!.plan]).toEqual([true, undefined]);
  });
});

describe('an import summary', () => {
  it('counts open, closed and overdue cases and lists the next deadlines soonest first', () => {
    expect(
      importFigures([
        { reference: 'B', state: { stage: 'x', state: 'open', overdue: [{ title: 'T4', due: '2026-11-01' }], next: { title: 'Summary', due: '2026-12-20', status: 'on-track' } } },
        { reference: 'A', state: { stage: 'x', state: 'open', overdue: [], next: { title: 'T1', due: '2026-12-10', status: 'on-track' } } },
        { reference: 'C', state: { stage: 'closed', state: 'completed', overdue: [] } },
      ]),
    ).toEqual({ imported: 3, open: 2, closed: 1, overdue: 1, next: [{ reference: 'A', title: 'T1', due: '2026-12-10' }, { reference: 'B', title: 'Summary', due: '2026-12-20' }] });
  });
});

describe('npm run import', () => {
  it('shows progress on one line and the report by row and column', async () => {
    const { progressLine, reportText } = await import('../../scripts/import');
    expect(progressLine(0, 40, 10)).toBe('[----------] 0/40 case(s)');
    expect(progressLine(20, 40, 10)).toBe('[#####-----] 20/40 case(s)');
    expect(progressLine(40, 40, 10)).toBe('[##########] 40/40 case(s)');
    const text = reportText({ dryRun: true, message: 'Dry run: nothing was created.', rows: 1, created: 0, unchanged: 0, refused: 1, notStarted: 0, problems: [{ row: 2, column: 'aware_on', problem: 'is required' }], cases: [], figures: { imported: 0, open: 0, closed: 0, overdue: 0, next: [] }, summaryEmail: false });
    expect(text).toBe('Dry run: nothing was created.\n  row 2, column aware_on: is required');
  });
});
