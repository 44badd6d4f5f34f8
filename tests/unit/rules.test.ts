import { COVID_2020_RULES, RULE_IDS, RULE_SETS, STANDARD_RULES, ruleSetFor, withRapidReviewClockStart } from '../../domain/rules';

describe('rules as data', () => {
  it('holds T1 to T12, each under its own id', () => {
    for (const set of RULE_SETS) {
      expect(Object.keys(set.rules).sort()).toEqual([...RULE_IDS].sort());
      for (const id of RULE_IDS) expect(set.rules[id].id).toBe(id);
    }
  });

  it.each([
    ['T1', 'working-days', 5, 'after', 'awareness', 'must'],
    ['T2', 'working-days', 5, 'after', 'awareness', 'should'],
    ['T4', 'working-days', 15, 'after', 'awareness', 'should'],
    ['T7', 'calendar-months', 6, 'after', 'decision-to-initiate', 'should'],
    ['T8', 'working-days', 7, 'before', 'planned-publication', 'should'],
    ['T9', 'calendar-years', 1, 'after', 'publication', 'should'],
    ['T12', 'calendar-months', 12, 'after', 'previous-annual-report', 'must'],
    ['T10', 'none', 0, 'after', 'delay-known', 'should'],
  ] as const)('%s counts %s %i %s %s (%s)', (id, unit, amount, direction, clockStart, duty) => {
    expect(STANDARD_RULES.rules[id]).toMatchObject({ count: { unit, amount }, direction, clockStart, duty });
  });

  it('marks what is confirmed in primary text and what is not', () => {
    expect(STANDARD_RULES.rules.T11.status).toBe('confirmed');
    expect(STANDARD_RULES.rules.T4.status).toBe('stated');
    expect(STANDARD_RULES.rules.T8.status).toBe('unconfirmed');
  });

  it('relaxed the rapid review and the review in March 2020, but not the notification', () => {
    expect(COVID_2020_RULES.rules.T1).toEqual(STANDARD_RULES.rules.T1);
    expect(COVID_2020_RULES.rules.T4.note).toMatch(/COVID-19/);
    expect(COVID_2020_RULES.rules.T7.note).toMatch(/COVID-19/);
    expect(COVID_2020_RULES.rules.T4.count).toEqual({ unit: 'working-days', amount: 15 });
  });
});

describe('ruleSetFor', () => {
  it.each([
    ['2019-12-20', 'wt2018'],
    ['2020-03-22', 'wt2018'],
    ['2020-03-23', 'wt2018-covid-2020'],
    ['2021-03-31', 'wt2018-covid-2020'],
    ['2021-04-01', 'wt2018'],
  ])('on %s the rules are %s', (date, id) => {
    expect(ruleSetFor(date).id).toBe(id);
  });

  it('refuses a date before any rules', () => {
    expect(() => ruleSetFor('2018-01-01')).toThrow(RangeError);
  });

  it('lets a partnership count the rapid review from the notification', () => {
    const set = withRapidReviewClockStart(STANDARD_RULES, 'notification-sent');
    expect(set.rapidReviewClockStart).toBe('notification-sent');
    expect(set.rules.T4.clockStart).toBe('notification-sent');
    expect(set.id).not.toBe(STANDARD_RULES.id);
    expect(STANDARD_RULES.rules.T4.clockStart).toBe('awareness');
    expect(ruleSetFor('2023-06-01', [STANDARD_RULES, { ...set, effectiveFrom: '2023-01-01' }]).rapidReviewClockStart).toBe('notification-sent');
  });
});
