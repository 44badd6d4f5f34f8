/**
 * The annual report's per-case table at its edges, for the year 1 Apr 2019 - 31 Mar 2020: each `<=`
 * against the report's day and the period's first day, in both directions, with expected values
 * counted by hand (weekdays checked with GNU `date -d`; no bank holiday falls in any hold below).
 */
import { defaultCalendar } from '../../domain/calendar';
import { annualReportCsv, annualReportRows, figuresFromRows, qaReportRows, type QaReportAudit, type ReportCase, type ReportHold } from '../../domain/annual-report';

const period = { from: '2019-04-01', to: '2020-03-31' };
const afterTheYear = '2020-06-30';
type Deadline = ReportCase['deadlines'][number];
const dl = (key: string, ruleId: string, due: string, metOn: string | null): Deadline => ({ key, ruleId, due, statutoryDue: due, metOn });
const rapid = (reference: string, awareOn: string, deadlines: Deadline[] = [], decisions: ReportCase['decisions'] = []): ReportCase => ({ reference, process: 'rapid-review', stage: 'submitted-to-panel', state: 'open', awareOn, holds: [], deadlines, decisions });
const lcspr = (reference: string, commissionedOn: string, holds: ReportHold[] = []): ReportCase => ({
  reference,
  process: 'practice-review',
  stage: 'draft-report',
  state: 'open',
  awareOn: '2018-09-03',
  commissionedOn,
  holds,
  deadlines: [dl('completion', 'T7', '2020-09-01', null)],
  decisions: [],
});
const rows = (cases: ReportCase[], today = afterTheYear) => annualReportRows(cases, period, today, defaultCalendar());

describe('which cases are the year\'s', () => {
  test('only rapid and practice reviews, whatever else the read model holds', () => {
    expect(rows([{ ...rapid('CFA-2019', '2019-06-10'), process: 'audit' }, rapid('RR-1', '2019-06-10')]).map((r) => r.reference)).toEqual(['RR-1']);
  });

  test('a practice review commissioned on the report\'s day is in it, one commissioned the next day is not', () => {
    expect(rows([lcspr('LC-ON', '2019-12-31'), lcspr('LC-AFTER', '2020-01-02')], '2019-12-31').map((r) => r.reference)).toEqual(['LC-ON']);
    expect(rows([lcspr('LC-LAST', '2020-03-31')]).map((r) => [r.reference, r.commissionedInPeriod])).toEqual([['LC-LAST', true]]);
  });

  test('rows in date order, and by reference on the same date whichever is listed first', () => {
    expect(rows([rapid('RR-B', '2019-06-10'), rapid('RR-A', '2019-06-10'), lcspr('LC-A', '2019-06-10'), rapid('RR-0', '2019-06-07')]).map((r) => r.reference)).toEqual(['RR-0', 'LC-A', 'RR-A', 'RR-B']);
  });
});

describe('as the year stood on Fri 14 Jun 2019', () => {
  const today = '2019-06-14';
  test('a deadline met that day is met; one met after it is still open', () => {
    const [row] = rows([rapid('RR-1', '2019-06-10', [dl('notification', 'T1', '2019-06-14', '2019-06-14'), dl('rapid-review', 'T4', '2019-07-01', '2019-06-17')])], today);
    expect([row!.timescales.T1, row!.timescales.T4]).toEqual([
      { due: '2019-06-14', statutoryDue: '2019-06-14', metOn: '2019-06-14', verdict: 'met' },
      { due: '2019-07-01', statutoryDue: '2019-07-01', metOn: '', verdict: 'open' },
    ]);
  });

  test('a review published later in the year is not yet published in it', () => {
    const [row] = rows([{ ...lcspr('LC-1', '2019-01-07'), deadlines: [dl('completion', 'T7', '2019-07-08', '2019-07-01')] }], today);
    expect([row!.publishedOn, row!.publishedInPeriod, row!.inProgressAtEnd, row!.timescales.T7.verdict]).toEqual(['', false, true, 'open']);
  });

  test('decisions of that day are listed, later ones not yet', () => {
    const [row] = rows([rapid('RR-1', '2019-06-10', [], [{ occurredOn: '2019-06-14', summary: 'no LCSPR' }, { occurredOn: '2019-06-17', summary: 'briefing' }])], today);
    expect(row!.decisions).toBe('2019-06-14 no LCSPR');
  });

  test('a hold from that day is a hold in the year (1 working day); one from the next day is not yet', () => {
    const [on, next] = rows([lcspr('LC-ON', '2019-05-01', [{ kind: 'pause', from: '2019-06-14', reason: 'inquest' }]), lcspr('LC-NEXT', '2019-05-02', [{ kind: 'pause', from: '2019-06-17', reason: 'inquest' }])], today);
    expect([on!.onHoldInPeriod, on!.workingDaysOnHoldInPeriod, on!.holds.length]).toEqual([true, 1, 1]);
    expect([next!.onHoldInPeriod, next!.workingDaysOnHoldInPeriod, next!.holds]).toEqual([false, 0, []]);
  });
});

describe('a hold at the start of the year', () => {
  test('worked again on 1 Apr: listed, but no day of it in the year', () => {
    const [row] = rows([lcspr('LC-1', '2019-01-07', [{ kind: 'pause', from: '2019-02-01', to: '2019-04-01', reason: 'inquest' }])]);
    expect([row!.onHoldInPeriod, row!.workingDaysOnHoldInPeriod, row!.holds.length]).toEqual([false, 0, 1]);
    expect(figuresFromRows([row!], period, []).lcsprsPaused).toBe(0);
  });

  test('worked again on Tue 2 Apr: on hold in the year for Mon 1 Apr only', () => {
    const [row] = rows([lcspr('LC-1', '2019-01-07', [{ kind: 'publication-deferral', from: '2019-02-01', to: '2019-04-02', reason: 'trial' }])]);
    expect([row!.onHoldInPeriod, row!.workingDaysOnHoldInPeriod]).toEqual([true, 1]);
    expect(annualReportCsv([row!])).toContain(',publication deferred 2019-02-01 to 2019-04-02 (trial),');
  });
});

describe('the section 175 return rate', () => {
  const s175 = (participants: number): QaReportAudit => ({
    reference: 'S175-2019',
    type: 'section-175',
    theme: null,
    openedOn: '2019-05-01',
    returnsDueOn: '2019-06-28',
    paused: false,
    milestones: [],
    participants: Array.from({ length: participants }, (_, i) => ({ id: `school-${i}`, label: `School ${i}`, returnedOn: null })),
    actions: [],
  });
  test('none returned of some schools is 0%; an audit with no schools yet has no rate', () => {
    const rate = (participants: number) => figuresFromRows([], period, qaReportRows([s175(participants)], [], [], period, afterTheYear, defaultCalendar())).section175ReturnRate;
    expect([rate(4), rate(0)]).toEqual([0, null]);
  });
});
