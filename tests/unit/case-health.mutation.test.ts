/**
 * A case's one word (domain/case-health.ts), from its deadlines' verdicts and from the basis the read
 * model stores, found untested by unit tests by mutation testing (npm run test:mutation). Dates are
 * hand counts on gov.uk's England and Wales list (2026: spring bank holiday Mon 25 May; Christmas
 * Fri 25 Dec, Boxing Day substitute Mon 28 Dec); none is computed by the calendar code.
 */
import { defaultCalendar } from '../../domain/calendar';
import { AT_RISK_WORKING_DAYS, caseHealthBasis, caseHealthOf, caseHealthOn, notAtRiskFrom } from '../../domain/case-health';

const open = { completed: false, onHold: false };

describe('a case’s word from its deadlines’ verdicts', () => {
  test("each process finishes by its own deadline: a rapid review's submission, a practice review's completion", () => {
    const late = (key: string) => [
      { key: 'T1', status: 'met' as const },
      { key, status: 'met-late' as const },
    ];
    const done = { completed: true, onHold: false };
    expect(caseHealthOf('rapid-review', late('rapid-review'), done)).toBe('finished-late');
    expect(caseHealthOf('rapid-review', late('completion'), done)).toBe('closed');
    expect(caseHealthOf('practice-review', late('completion'), done)).toBe('finished-late');
    expect(caseHealthOf('practice-review', late('rapid-review'), done)).toBe('closed');
    expect(caseHealthOf('executive-cycle', late('completion'), done)).toBe('closed');
  });

  test('an open case: on hold before anything, then the worst open verdict', () => {
    expect(caseHealthOf('rapid-review', [{ key: 'T1', status: 'overdue' }], { completed: false, onHold: true })).toBe('on-hold');
    expect(caseHealthOf('rapid-review', [{ key: 'T1', status: 'at-risk' }, { key: 'T2', status: 'overdue' }], open)).toBe('overdue');
    expect(caseHealthOf('rapid-review', [{ key: 'T1', status: 'due-today' }], open)).toBe('at-risk');
    expect(caseHealthOf('rapid-review', [{ key: 'T1', status: 'on-track' }], open)).toBe('on-track');
    expect(caseHealthOf('practice-review', [{ key: 'completion', status: 'met-late' }, { key: 'T10', status: 'on-track' }], open)).toBe('finished-late');
  });
});

describe('the stored basis of a case’s word', () => {
  const running = (key: string, due: string, over: object = {}) => ({ key, kind: 'deadline', due, paused: false, ...over });

  test('the governing date is the earliest open, running deadline, whatever the order they are listed in', () => {
    const deadlines = [running('T3', '2026-06-10'), running('T2', '2026-06-03'), running('T4', '2026-06-24')];
    expect(caseHealthBasis('rapid-review', deadlines)).toEqual({ governingDue: '2026-06-03', finishedLate: false });
    expect(caseHealthBasis('rapid-review', [...deadlines].reverse())).toEqual({ governingDue: '2026-06-03', finishedLate: false });
  });

  test('a deadline met, on hold or standing does not govern; met is a date, not null', () => {
    const deadlines = [
      running('T1', '2026-05-01', { metOn: '2026-04-30' }),
      running('T2', '2026-05-02', { paused: true }),
      running('T9', '2026-05-03', { kind: 'standing' }),
      running('T3', '2026-06-10', { metOn: null }),
    ];
    expect(caseHealthBasis('rapid-review', deadlines).governingDue).toBe('2026-06-10');
    expect(caseHealthBasis('rapid-review', deadlines.slice(0, 3)).governingDue).toBeNull();
    expect(caseHealthBasis('rapid-review', []).governingDue).toBeNull();
  });

  test("finished late: the process's finishing deadline met after its date, not on it, and not another deadline", () => {
    expect(caseHealthBasis('rapid-review', [running('rapid-review', '2026-06-10', { metOn: '2026-06-11' })]).finishedLate).toBe(true);
    expect(caseHealthBasis('rapid-review', [running('rapid-review', '2026-06-10', { metOn: '2026-06-10' })]).finishedLate).toBe(false);
    expect(caseHealthBasis('rapid-review', [running('rapid-review', '2026-06-10', { metOn: '2026-06-09' })]).finishedLate).toBe(false);
    expect(caseHealthBasis('rapid-review', [running('rapid-review', '2026-06-10', { metOn: null })]).finishedLate).toBe(false);
    expect(caseHealthBasis('rapid-review', [running('T1', '2026-06-10', { metOn: '2026-06-11' })]).finishedLate).toBe(false);
    expect(caseHealthBasis('rapid-review', [running('completion', '2026-06-10', { metOn: '2026-06-11' })]).finishedLate).toBe(false);
    expect(caseHealthBasis('practice-review', [running('completion', '2026-06-10', { metOn: '2026-06-11' })]).finishedLate).toBe(true);
    expect(caseHealthBasis('practice-review', [running('completion', '2026-06-10', { metOn: '2026-06-11', kind: 'standing' })]).finishedLate).toBe(false);
    expect(caseHealthBasis('practice-review', [running('T8', '2026-06-01'), running('completion', '2026-06-10', { metOn: '2026-06-11' })]).finishedLate).toBe(true);
  });
});

describe('the word from the stored basis on a given day', () => {
  test('at risk means five working days or fewer left', () => {
    expect(AT_RISK_WORKING_DAYS).toBe(5);
  });

  test('the first due date not at risk is six working days on, counted past bank holidays', () => {
    const cal = defaultCalendar();
    expect(notAtRiskFrom('2026-05-18', cal)).toBe('2026-05-27'); // Mon: Tue 19 ... Fri 22 (4), Mon 25 May skipped, Tue 26 (5), Wed 27 (6)
    expect(notAtRiskFrom('2026-05-22', cal)).toBe('2026-06-02'); // Fri: Mon 25 May skipped, Tue 26 (1) ... Mon 1 Jun (5), Tue 2 Jun (6)
    expect(notAtRiskFrom('2026-12-21', cal)).toBe('2026-12-31'); // Mon: Tue 22, Wed 23, Thu 24, (25, 28 skipped) Tue 29, Wed 30, Thu 31
  });

  test.each([
    ['2026-05-15', 'overdue'],
    ['2026-05-17', 'overdue'], // the Sunday before today
    ['2026-05-18', 'at-risk'], // due today
    ['2026-05-26', 'at-risk'], // 5 working days left
    ['2026-05-27', 'on-track'], // 6 working days left
    [null, 'on-track'], // nothing running
  ])('on Mon 18 May 2026, governed by %s: %s', (governingDue, health) => {
    expect(caseHealthOn({ governingDue, finishedLate: false, ...open }, '2026-05-18', defaultCalendar())).toBe(health);
  });

  test('closed, finished late and on hold come before the dates', () => {
    const cal = defaultCalendar();
    const overdue = { governingDue: '2026-05-01', finishedLate: false };
    expect(caseHealthOn({ ...overdue, completed: true, onHold: true }, '2026-05-18', cal)).toBe('closed');
    expect(caseHealthOn({ ...overdue, finishedLate: true, completed: true, onHold: false }, '2026-05-18', cal)).toBe('finished-late');
    expect(caseHealthOn({ ...overdue, completed: false, onHold: true }, '2026-05-18', cal)).toBe('on-hold');
    expect(caseHealthOn({ ...overdue, finishedLate: true, ...open }, '2026-05-18', cal)).toBe('overdue');
    expect(caseHealthOn({ governingDue: '2026-05-20', finishedLate: true, ...open }, '2026-05-18', cal)).toBe('at-risk');
    expect(caseHealthOn({ governingDue: '2026-06-30', finishedLate: true, ...open }, '2026-05-18', cal)).toBe('finished-late');
    expect(caseHealthOn({ governingDue: null, finishedLate: true, ...open }, '2026-05-18', cal)).toBe('finished-late');
  });
});
