import { defaultCalendar } from '../../domain/calendar';
import { byUrgency, itemStatus, nextDeadline, type DashboardItem } from '../../domain/dashboard';
import { computeDeadline } from '../../domain/deadlines';
import { STANDARD_RULES } from '../../domain/rules';

const calendar = defaultCalendar; // called in each test, not at load: Stryker counts code run at load as covered by every test
const deadline = (key: string, start: string, rule: 'T1' | 'T4') =>
  computeDeadline({ key, rule: STANDARD_RULES.rules[rule], ruleSetId: STANDARD_RULES.id, start: { event: 'awareness', date: start }, calendar: calendar() });

describe('dashboard', () => {
  it('takes the earliest unmet deadline and reports its working days remaining', () => {
    const deadlines = [{ ...deadline('notification', '2019-12-20', 'T1'), metOn: '2019-12-23' }, deadline('rapid-review', '2019-12-20', 'T4')];
    const next = nextDeadline(deadlines, '2020-01-08', calendar())!;
    expect([next.key, next.due, next.status, next.workingDaysRemaining]).toEqual(['rapid-review', '2020-01-15', 'at-risk', 5]);
    expect(nextDeadline(deadlines, '2020-01-20', calendar())!.status).toBe('overdue');
    expect(nextDeadline(deadlines, '2020-01-20', calendar())!.workingDaysRemaining).toBe(-3);
  });

  it('sorts overdue first, then due today, at risk, deferred, on hold, on track', () => {
    const item = (reference: string, status: DashboardItem['status'], wd?: number): DashboardItem => ({
      kind: 'case',
      reference,
      process: 'rapid-review',
      stage: 's',
      owner: 'o',
      status,
      ...(wd === undefined ? {} : { next: { key: 'k', title: 't', due: '2020-01-01', statutoryDue: '2020-01-01', status: 'on-track', workingDaysRemaining: wd, statutoryDuePassed: false, sentence: '' } }),
    });
    const sorted = [item('A', 'on-track', 9), item('B', 'overdue', -2), item('C', 'overdue', -10), item('D', 'on-hold', 3), item('E', 'at-risk', 2), item('F', 'due-today', 0), item('G', 'no-deadline')].sort(byUrgency);
    expect(sorted.map((i) => i.reference)).toEqual(['C', 'B', 'F', 'E', 'D', 'A', 'G']);
    expect(itemStatus(undefined, { publicationDeferred: true })).toBe('publication-deferred');
    expect(itemStatus(undefined)).toBe('no-deadline');
  });
});
