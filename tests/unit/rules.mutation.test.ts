/**
 * The Working Together 2018 rule set pinned word for word (titles, sources and notes reach emails
 * and explanations), and the rule-set choices: overlap, boundaries, the rapid review clock option.
 */
import { COVID_2020_RULES, RULE_IDS, RULE_SETS, STANDARD_RULES, WORKING_TOGETHER_2023_RULES, ruleKind, ruleSetById, ruleSetFor, withRapidReviewClockStart, type RuleSet, type StatutoryRule } from '../../domain/rules';

// [id, title, duty, status, source, clockStart, acts, receives, note]: PROCESSES.md T1-T12.
const WT2018: [string, string, string, string, string, string, string, string, string | undefined][] = [
  ['T1', 'Serious incident notification', 'must', 'stated', 'Children Act 2004 s16C(1) (duty); Working Together to Safeguard Children 2018, chapter 4 (5 working days)', 'awareness', 'local authority', 'Child Safeguarding Practice Review Panel (the form also reaches Ofsted and DfE)', undefined],
  ['T2', 'Safeguarding partners told of the serious incident', 'should', 'stated', 'Working Together to Safeguard Children 2018, chapter 4', 'awareness', 'local authority', 'safeguarding partners', undefined],
  ['T3', 'Death of a looked-after child notified', 'should', 'stated', 'Working Together to Safeguard Children 2018, chapter 4', 'awareness', 'local authority', 'Secretary of State and Ofsted', 'Notify whether or not abuse or neglect is known or suspected.'],
  ['T4', 'Rapid review sent to the Panel', 'should', 'stated', 'Working Together to Safeguard Children 2018, chapter 4 (an expectation, not statute)', 'awareness', 'safeguarding partners', 'Child Safeguarding Practice Review Panel', 'With the recommendation on whether to hold a local review, and its rationale.'],
  ['T5', 'Decision to hold a local review notified, with the reviewer', 'should', 'unconfirmed', 'Working Together to Safeguard Children 2018, chapter 4', 'lcspr-decision', 'safeguarding partners', 'Child Safeguarding Practice Review Panel, Ofsted and DfE', 'As soon as decided.'],
  ['T6', "Panel's response to the rapid review", 'should', 'unconfirmed', 'Working Together to Safeguard Children 2018, chapter 4', 'rapid-review-received', 'Child Safeguarding Practice Review Panel', 'safeguarding partners', 'No timescale is fixed; about 10 working days is reported.'],
  ['T7', 'Local child safeguarding practice review completed and published', 'should', 'stated', 'Working Together to Safeguard Children 2018, chapter 4', 'decision-to-initiate', 'safeguarding partners', 'the public', undefined],
  ['T8', 'Final report sent to the Panel and the Secretary of State', 'should', 'unconfirmed', 'Working Together to Safeguard Children 2018, chapter 4', 'planned-publication', 'safeguarding partners', 'Child Safeguarding Practice Review Panel and Secretary of State (Ofsted)', 'At least 7 working days before publication.'],
  ['T9', 'Published report kept available', 'should', 'stated', 'Working Together to Safeguard Children 2018, chapter 4', 'publication', 'safeguarding partners', 'the public', 'At least one year: the date is the earliest the report may be taken down.'],
  ['T10', 'Delay or non-publication explained', 'should', 'unconfirmed', 'Working Together to Safeguard Children 2018, chapter 4', 'delay-known', 'safeguarding partners', 'Child Safeguarding Practice Review Panel and Secretary of State', 'Tell them the reasons when known; no deadline.'],
  ['T11', 'Progress and quality of a local review monitored', 'must', 'confirmed', 'Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018 (SI 2018/789), regulation 14', 'review-start', 'safeguarding partners', 'reviewer', 'At regular intervals; requests for a draft are made in writing.'],
  ['T12', 'Partnership annual report published', 'must', 'stated', 'Children Act 2004 s16G; Working Together to Safeguard Children 2018, chapter 3', 'previous-annual-report', 'safeguarding partners', 'the public; then the Panel and Foundations', 'At least every 12 months; sent to the Panel and Foundations within 7 days of publication (unconfirmed).'],
];

describe('Working Together 2018, word for word', () => {
  test.each(WT2018)('%s: %s', (id, title, duty, status, source, clockStart, acts, receives, note) => {
    const rule = STANDARD_RULES.rules[id as (typeof RULE_IDS)[number]];
    expect({ id: rule.id, title: rule.title, duty: rule.duty, status: rule.status, source: rule.source, clockStart: rule.clockStart, acts: rule.acts, receives: rule.receives, note: rule.note }).toStrictEqual({
      id,
      title,
      duty,
      status,
      source,
      clockStart,
      acts,
      receives,
      note,
    });
  });

  test('the set itself, and the ids in order', () => {
    expect(RULE_IDS).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12']);
    expect([STANDARD_RULES.id, STANDARD_RULES.title, STANDARD_RULES.effectiveFrom, STANDARD_RULES.effectiveTo, STANDARD_RULES.rapidReviewClockStart]).toEqual([
      'wt2018',
      'Working Together to Safeguard Children 2018',
      '2018-06-29',
      '2023-12-14', // issue 11: superseded by Working Together 2023 from 15 Dec 2023
      'awareness',
    ]);
    expect(Object.values(STANDARD_RULES.rules).map((r) => `${r.id} ${r.count.amount} ${r.count.unit} ${r.direction}`)).toEqual([
      'T1 5 working-days after',
      'T2 5 working-days after',
      'T3 0 none after',
      'T4 15 working-days after',
      'T5 0 none after',
      'T6 0 none after',
      'T7 6 calendar-months after',
      'T8 7 working-days before',
      'T9 1 calendar-years after',
      'T10 0 none after',
      'T11 0 none after',
      'T12 12 calendar-months after',
    ]);
  });

  test('COVID-19, March 2020: only T4 and T7 say they were relaxed', () => {
    const relaxed = 'Relaxed during COVID-19: may be exceeded, with the reasons given to the Panel; notification (T1) was not relaxed.';
    expect([COVID_2020_RULES.id, COVID_2020_RULES.title, COVID_2020_RULES.effectiveFrom, COVID_2020_RULES.effectiveTo, COVID_2020_RULES.rapidReviewClockStart]).toEqual([
      'wt2018-covid-2020',
      'Working Together 2018, with the COVID-19 relaxation of March 2020',
      '2020-03-23',
      '2021-03-31',
      'awareness',
    ]);
    expect([COVID_2020_RULES.rules.T4.note, COVID_2020_RULES.rules.T7.note]).toEqual([relaxed, relaxed]);
    for (const id of RULE_IDS.filter((x) => x !== 'T4' && x !== 'T7')) expect(COVID_2020_RULES.rules[id]).toEqual(STANDARD_RULES.rules[id]);
    expect({ ...COVID_2020_RULES.rules.T4, note: undefined }).toEqual({ ...STANDARD_RULES.rules.T4, note: undefined });
    expect(RULE_SETS.map((s) => s.id)).toEqual(['wt2018', 'wt2018-covid-2020', 'wt2023']);
  });
});

describe('choosing a rule set', () => {
  // Since issue 11 WT2018 ends on 14 Dec 2023; these cases need an open-ended set, so drop its end date.
  // Built in each test, not in the describe body: code run at load is static to mutation testing.
  const open = (): RuleSet => {
    const set: RuleSet = { ...STANDARD_RULES };
    delete set.effectiveTo;
    return set;
  };
  const later = (): RuleSet => ({ ...open(), id: 'later', effectiveFrom: '2025-01-01' });
  const ended = (): RuleSet => ({ ...open(), id: 'ended', effectiveFrom: '2026-01-01', effectiveTo: '2026-06-30' });

  test.each([
    ['later set listed last', () => [open(), later()]],
    ['later set listed first', () => [later(), open()]],
  ])('where sets overlap, the one that took effect last applies (%s)', (_order, sets) => {
    expect(ruleSetFor('2024-12-31', sets()).id).toBe('wt2018');
    expect(ruleSetFor('2025-01-01', sets()).id).toBe('later');
  });

  test('of two taking effect the same day, the one listed last applies', () => {
    const twin: RuleSet = { ...later(), id: 'twin' };
    expect(ruleSetFor('2025-06-01', [later(), twin]).id).toBe('twin');
    expect(ruleSetFor('2025-06-01', [twin, later()]).id).toBe('later');
  });

  test('a set applies to its last day and not after', () => {
    expect(ruleSetFor('2026-06-30', [open(), ended()]).id).toBe('ended');
    expect(ruleSetFor('2026-07-01', [open(), ended()]).id).toBe('wt2018');
    expect(() => ruleSetFor('2026-07-01', [ended()])).toThrow('no rule set is in force on 2026-07-01');
    expect(() => ruleSetFor('2018-06-28')).toThrow('no rule set is in force on 2018-06-28');
    expect(ruleSetFor('2018-06-29').id).toBe('wt2018');
    expect(ruleSetFor('2023-12-14').id).toBe('wt2018');
    expect(ruleSetFor('2023-12-15').id).toBe('wt2023');
    expect(() => ruleSetFor('2023-12-15', [STANDARD_RULES])).toThrow('no rule set is in force on 2023-12-15');
  });

  test('the rapid review clock option: a new set id, T4 counted from the notification, nothing else changed', () => {
    expect(withRapidReviewClockStart(STANDARD_RULES, 'awareness')).toBe(STANDARD_RULES);
    const fromNotification = withRapidReviewClockStart(STANDARD_RULES, 'notification-sent');
    expect(fromNotification.id).toBe('wt2018+rapid-review-from-notification-sent');
    expect(fromNotification.rules.T4).toEqual({ ...STANDARD_RULES.rules.T4, clockStart: 'notification-sent' });
    expect({ ...fromNotification.rules, T4: undefined }).toEqual({ ...STANDARD_RULES.rules, T4: undefined });
    expect(withRapidReviewClockStart(fromNotification, 'awareness').id).toBe('wt2018+rapid-review-from-notification-sent+rapid-review-from-awareness');
  });
});

describe('Working Together 2023, word for word', () => {
  const WT2023 = 'Working Together to Safeguard Children 2023, chapter 5';
  const PANEL = "Child Safeguarding Practice Review Panel's guidance for safeguarding partners";
  // Sources as the 2023 edition names them (PROCESSES.md); the timescales carry over unchanged.
  test.each([
    ['T1', `Children Act 2004 s16C(1) (duty); ${WT2023} (5 working days)`],
    ['T2', WT2023],
    ['T3', WT2023],
    ['T4', `${WT2023} (an expectation, not statute); ${PANEL}`],
    ['T5', WT2023],
    ['T6', `${WT2023}; ${PANEL}`],
    ['T7', WT2023],
    ['T8', `${WT2023}; ${PANEL}`],
    ['T9', WT2023],
    ['T10', WT2023],
    ['T11', 'Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018 (SI 2018/789), regulation 14'],
    ['T12', 'Children Act 2004 s16G; Working Together to Safeguard Children 2023'],
  ] as const)('%s: %s', (id, source) => {
    expect(WORKING_TOGETHER_2023_RULES.rules[id]).toStrictEqual({ ...STANDARD_RULES.rules[id], source });
  });

  test('the set itself', () => {
    expect(WORKING_TOGETHER_2023_RULES).toMatchObject({ id: 'wt2023', title: 'Working Together to Safeguard Children 2023', effectiveFrom: '2023-12-15', rapidReviewClockStart: 'awareness' });
    expect(WORKING_TOGETHER_2023_RULES.effectiveTo).toBeUndefined();
    expect(Object.keys(WORKING_TOGETHER_2023_RULES.rules)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12']);
  });

  test('each set says why it is in force when it is (the API shows it)', () => {
    expect(STANDARD_RULES.basis).toBe(
      'Working Together to Safeguard Children 2018 took effect on 29 June 2018 and was replaced by the 2023 edition on 15 December 2023 (PROCESSES.md).',
    );
    expect(COVID_2020_RULES.basis).toBe(
      'Relaxed from 23 March 2020 (PROCESSES.md: "in March 2020 the 15-day and 6-month expectations were relaxed for COVID, notification was not"). ' +
        'No source available here fixes an end date; this partnership ends it on 31 March 2021, the end of the reporting year in which its ' +
        'paused review resumed and was expected to publish (annual report 2019-20, "Child Safeguarding Practice Reviews": "anticipated that this ' +
        'review will be published in early 2021"). A case keeps the set in force on its start date.',
    );
    expect(WORKING_TOGETHER_2023_RULES.basis).toBe(
      "In force from 15 December 2023, replacing the 2018 edition (PROCESSES.md). Sources: Working Together to Safeguard Children 2023, chapter 5; Child Safeguarding Practice Review Panel's guidance for safeguarding partners. The timescales of the 2018 edition carry over; the rapid review's clock start stays configurable (PROCESSES.md T4).",
    );
  });
});

describe('how each rule is chased and where its date may land', () => {
  test.each(RULE_SETS.map((s) => [s.id, s] as const))('%s: only T9 is standing; T7 and T12 move to the working day before, T9 stays as counted', (_id, set) => {
    expect(RULE_IDS.map((id) => [id, set.rules[id].kind, set.rules[id].onNonWorkingDay])).toEqual([
      ['T1', undefined, undefined],
      ['T2', undefined, undefined],
      ['T3', undefined, undefined],
      ['T4', undefined, undefined],
      ['T5', undefined, undefined],
      ['T6', undefined, undefined],
      ['T7', undefined, 'working-day-before'],
      ['T8', undefined, undefined],
      ['T9', 'standing', 'as-counted'],
      ['T10', undefined, undefined],
      ['T11', undefined, undefined],
      ['T12', undefined, 'working-day-before'],
    ]);
  });

  test.each<[Pick<StatutoryRule, 'id' | 'kind'>, string, string]>([
    [{ id: 'T9' }, 'standing', 'recorded before kind existed: T9 is standing'],
    [{ id: 'T7' }, 'deadline', 'recorded before kind existed: any other rule is a deadline'],
    [{ id: 'T9', kind: 'deadline' }, 'deadline', 'a recorded kind wins over the id'],
    [{ id: 'T7', kind: 'standing' }, 'standing', 'a recorded kind wins over the id'],
  ])('ruleKind(%j) is %s (%s)', (rule, kind) => {
    expect(ruleKind(rule)).toBe(kind);
  });
});

describe('finding a recorded rule set by its id', () => {
  test.each([
    ['wt2018', 'wt2018'],
    ['wt2018-covid-2020', 'wt2018-covid-2020'],
    ['wt2023', 'wt2023'],
    ['wt2018+rapid-review-from-notification-sent', 'wt2018'],
    ['wt2018-covid-2020+rapid-review-from-notification-sent', 'wt2018-covid-2020'],
    ['wt2023+rapid-review-from-notification-sent', 'wt2023'],
  ])('%s comes from %s', (id, from) => {
    expect(ruleSetById(id)?.id).toBe(from);
  });

  test.each(['wt2018x', 'wt20', 'wt2023-later', '+wt2018', ''])('%j is not a set', (id) => {
    expect(ruleSetById(id)).toBeUndefined();
  });

  test('looks in the sets it is given', () => {
    const own: RuleSet = { ...STANDARD_RULES, id: 'own' };
    expect(ruleSetById('own+x', [own])).toBe(own);
    expect(ruleSetById('wt2018', [own])).toBeUndefined();
  });

  test('the clock option changes the set, not the rules it came from', () => {
    const fromNotification = withRapidReviewClockStart(WORKING_TOGETHER_2023_RULES, 'notification-sent');
    expect(fromNotification).toMatchObject({ id: 'wt2023+rapid-review-from-notification-sent', rapidReviewClockStart: 'notification-sent', effectiveFrom: '2023-12-15' });
    expect(fromNotification.rules.T4.clockStart).toBe('notification-sent');
    expect(WORKING_TOGETHER_2023_RULES.rules.T4.clockStart).toBe('awareness');
    expect(WORKING_TOGETHER_2023_RULES.rapidReviewClockStart).toBe('awareness');
  });
});
