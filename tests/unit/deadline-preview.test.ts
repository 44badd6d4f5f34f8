import { defaultCalendar } from '../../domain/calendar';
import { previewDeadlines } from '../../domain/deadline-preview';
import { STANDARD_RULES, withRapidReviewClockStart } from '../../domain/rules';

const calendar = defaultCalendar; // called in each test, not at load: Stryker counts code run at load as covered by every test

describe('previewDeadlines', () => {
  it('gives every counted deadline of a rapid review from the awareness date, across Christmas 2019', () => {
    const { deadlines, needs } = previewDeadlines({ process: 'rapid-review', events: { awareness: '2019-12-20' }, ruleSet: STANDARD_RULES, calendar: calendar() });
    expect(deadlines.map((d) => [d.ruleId, d.due])).toEqual([
      ['T1', '2019-12-31'],
      ['T2', '2019-12-31'],
      ['T4', '2020-01-15'],
    ]);
    expect(deadlines[2]!.sentence).toBe("due Wed 15 Jan 2020: 15 working days after 20 Dec 2019, skipping Christmas Day, Boxing Day and New Year's Day");
    expect(needs).toEqual([]);
  });

  it('counts the rapid review from the notification when the rule set says so, and says which date it lacks', () => {
    const ruleSet = withRapidReviewClockStart(STANDARD_RULES, 'notification-sent');
    const without = previewDeadlines({ process: 'rapid-review', events: { awareness: '2019-12-20' }, ruleSet, calendar: calendar() });
    expect(without.deadlines.map((d) => d.ruleId)).toEqual(['T1', 'T2']);
    expect(without.needs).toEqual([{ ruleId: 'T4', title: STANDARD_RULES.rules.T4.title, event: 'notification-sent' }]);
    const withNotice = previewDeadlines({ process: 'rapid-review', events: { awareness: '2019-12-20', 'notification-sent': '2019-12-23' }, ruleSet, calendar: calendar() });
    expect(withNotice.deadlines.find((d) => d.ruleId === 'T4')!.due).toBe('2020-01-16');
  });

  it('counts the pre-publication copy back from the planned publication date', () => {
    const { deadlines } = previewDeadlines({ process: 'practice-review', events: { 'planned-publication': '2021-02-12' }, ruleSet: STANDARD_RULES, calendar: calendar() });
    expect(deadlines.find((d) => d.ruleId === 'T8')!.due).toBe('2021-02-03');
  });

  it('counts the six months of a practice review from the decision to hold it, under either of its names', () => {
    for (const name of ['lcspr-decision', 'decision-to-initiate']) {
      const { deadlines, needs } = previewDeadlines({ process: 'practice-review', events: { [name]: '2020-01-31' }, ruleSet: STANDARD_RULES, calendar: calendar() });
      expect([name, deadlines.find((d) => d.ruleId === 'T7')?.due]).toEqual([name, '2020-07-31']);
      expect(needs.map((n) => n.ruleId)).not.toContain('T7');
    }
  });
});
