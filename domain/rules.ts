import { compareIsoDates, type IsoDate } from './dates';

export type RuleId = 'T1' | 'T2' | 'T3' | 'T4' | 'T5' | 'T6' | 'T7' | 'T8' | 'T9' | 'T10' | 'T11' | 'T12';

export const RULE_IDS: readonly RuleId[] = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12'];

/**
 * One timescale of PROCESSES.md. `status`: confirmed in primary text, stated by partnerships'
 * published procedures quoting the guidance, or unconfirmed (and so configurable).
 */
export interface StatutoryRule {
  id: RuleId;
  title: string;
  duty: 'must' | 'should';
  status: 'confirmed' | 'stated' | 'unconfirmed';
  source: string;
  /** The event the clock starts from, e.g. 'awareness', 'planned-publication'. */
  clockStart: string;
  count: { unit: 'working-days' | 'calendar-months' | 'calendar-years' | 'none'; amount: number };
  direction: 'after' | 'before';
  acts: string;
  receives: string;
  /** What the timescale does not say, or how it is applied. */
  note?: string;
  /**
   * A deadline is chased (reminded, overdue once passed); a standing obligation (T9: keep the report
   * available) runs until its date and is never overdue. Absent in rule sets recorded before it existed.
   */
  kind?: 'deadline' | 'standing';
  /**
   * Where a calendar-month or -year count lands on a weekend or bank holiday: the working day before
   * (partnerships plan to publish on a working day), the working day after, or the date as counted.
   * Absent in rule sets recorded before it existed: the date as counted, so running cases keep their dates.
   */
  onNonWorkingDay?: NonWorkingDayTreatment;
}

export type NonWorkingDayTreatment = 'working-day-before' | 'working-day-after' | 'as-counted';

/** Rule sets recorded in running cases before `kind` existed knew T9 only as a date to respect. */
export function ruleKind(rule: Pick<StatutoryRule, 'id' | 'kind'>): 'deadline' | 'standing' {
  return rule.kind ?? (rule.id === 'T9' ? 'standing' : 'deadline');
}

export interface RuleSet {
  id: string;
  title: string;
  effectiveFrom: IsoDate;
  effectiveTo?: IsoDate;
  rules: Record<RuleId, StatutoryRule>;
  rapidReviewClockStart: 'awareness' | 'notification-sent';
  /** Why the set is in force when it is (its sources, and how an end date was decided). */
  basis?: string;
}

// The tables below are built on each call, not held in module constants: code that runs when a module
// loads is "static" to mutation testing, and each of its mutants would rerun every unit test.
function wt2018(): string {
  return 'Working Together to Safeguard Children 2018, chapter 4';
}

function workingTogether2018Rules(): Record<RuleId, StatutoryRule> {
  const WT2018 = wt2018();
  const REGULATIONS = 'Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018 (SI 2018/789)';
  return {
    T1: {
      id: 'T1',
      title: 'Serious incident notification',
      duty: 'must',
      status: 'stated',
      source: `Children Act 2004 s16C(1) (duty); ${WT2018} (5 working days)`,
      clockStart: 'awareness',
      count: { unit: 'working-days', amount: 5 },
      direction: 'after',
      acts: 'local authority',
      receives: 'Child Safeguarding Practice Review Panel (the form also reaches Ofsted and DfE)',
    },
    T2: {
      id: 'T2',
      title: 'Safeguarding partners told of the serious incident',
      duty: 'should',
      status: 'stated',
      source: WT2018,
      clockStart: 'awareness',
      count: { unit: 'working-days', amount: 5 },
      direction: 'after',
      acts: 'local authority',
      receives: 'safeguarding partners',
    },
    T3: {
      id: 'T3',
      title: 'Death of a looked-after child notified',
      duty: 'should',
      status: 'stated',
      source: WT2018,
      clockStart: 'awareness',
      count: { unit: 'none', amount: 0 },
      direction: 'after',
      acts: 'local authority',
      receives: 'Secretary of State and Ofsted',
      note: 'Notify whether or not abuse or neglect is known or suspected.',
    },
    T4: {
      id: 'T4',
      title: 'Rapid review sent to the Panel',
      duty: 'should',
      status: 'stated',
      source: `${WT2018} (an expectation, not statute)`,
      clockStart: 'awareness',
      count: { unit: 'working-days', amount: 15 },
      direction: 'after',
      acts: 'safeguarding partners',
      receives: 'Child Safeguarding Practice Review Panel',
      note: 'With the recommendation on whether to hold a local review, and its rationale.',
    },
    T5: {
      id: 'T5',
      title: 'Decision to hold a local review notified, with the reviewer',
      duty: 'should',
      status: 'unconfirmed',
      source: WT2018,
      clockStart: 'lcspr-decision',
      count: { unit: 'none', amount: 0 },
      direction: 'after',
      acts: 'safeguarding partners',
      receives: 'Child Safeguarding Practice Review Panel, Ofsted and DfE',
      note: 'As soon as decided.',
    },
    T6: {
      id: 'T6',
      title: "Panel's response to the rapid review",
      duty: 'should',
      status: 'unconfirmed',
      source: WT2018,
      clockStart: 'rapid-review-received',
      count: { unit: 'none', amount: 0 },
      direction: 'after',
      acts: 'Child Safeguarding Practice Review Panel',
      receives: 'safeguarding partners',
      note: 'No timescale is fixed; about 10 working days is reported.',
    },
    T7: {
      id: 'T7',
      title: 'Local child safeguarding practice review completed and published',
      duty: 'should',
      status: 'stated',
      source: WT2018,
      clockStart: 'decision-to-initiate',
      count: { unit: 'calendar-months', amount: 6 },
      direction: 'after',
      acts: 'safeguarding partners',
      receives: 'the public',
      onNonWorkingDay: 'working-day-before',
    },
    T8: {
      id: 'T8',
      title: 'Final report sent to the Panel and the Secretary of State',
      duty: 'should',
      status: 'unconfirmed',
      source: WT2018,
      clockStart: 'planned-publication',
      count: { unit: 'working-days', amount: 7 },
      direction: 'before',
      acts: 'safeguarding partners',
      receives: 'Child Safeguarding Practice Review Panel and Secretary of State (Ofsted)',
      note: 'At least 7 working days before publication.',
    },
    T9: {
      id: 'T9',
      title: 'Published report kept available',
      duty: 'should',
      status: 'stated',
      source: WT2018,
      clockStart: 'publication',
      count: { unit: 'calendar-years', amount: 1 },
      direction: 'after',
      acts: 'safeguarding partners',
      receives: 'the public',
      note: 'At least one year: the date is the earliest the report may be taken down.',
      kind: 'standing',
      onNonWorkingDay: 'as-counted',
    },
    T10: {
      id: 'T10',
      title: 'Delay or non-publication explained',
      duty: 'should',
      status: 'unconfirmed',
      source: WT2018,
      clockStart: 'delay-known',
      count: { unit: 'none', amount: 0 },
      direction: 'after',
      acts: 'safeguarding partners',
      receives: 'Child Safeguarding Practice Review Panel and Secretary of State',
      note: 'Tell them the reasons when known; no deadline.',
    },
    T11: {
      id: 'T11',
      title: 'Progress and quality of a local review monitored',
      duty: 'must',
      status: 'confirmed',
      source: `${REGULATIONS}, regulation 14`,
      clockStart: 'review-start',
      count: { unit: 'none', amount: 0 },
      direction: 'after',
      acts: 'safeguarding partners',
      receives: 'reviewer',
      note: 'At regular intervals; requests for a draft are made in writing.',
    },
    T12: {
      id: 'T12',
      title: 'Partnership annual report published',
      duty: 'must',
      status: 'stated',
      source: 'Children Act 2004 s16G; Working Together to Safeguard Children 2018, chapter 3',
      clockStart: 'previous-annual-report',
      count: { unit: 'calendar-months', amount: 12 },
      direction: 'after',
      acts: 'safeguarding partners',
      receives: 'the public; then the Panel and Foundations',
      note: 'At least every 12 months; sent to the Panel and Foundations within 7 days of publication (unconfirmed).',
      onNonWorkingDay: 'working-day-before',
    },
  };
}

export const STANDARD_RULES: RuleSet = {
  id: 'wt2018',
  title: 'Working Together to Safeguard Children 2018',
  effectiveFrom: '2018-06-29',
  effectiveTo: '2023-12-14',
  get rules() {
    return workingTogether2018Rules();
  },
  rapidReviewClockStart: 'awareness',
  basis: 'Working Together to Safeguard Children 2018 took effect on 29 June 2018 and was replaced by the 2023 edition on 15 December 2023 (PROCESSES.md).',
};

/**
 * March 2020: the 15-day rapid review and 6-month review expectations were relaxed for COVID-19,
 * the notification duty was not (PROCESSES.md). The timescales still run so that delay shows; the
 * rules say they were relaxed. The end date is a partnership's configuration, not the guidance's.
 */
export const COVID_2020_RULES: RuleSet = {
  id: 'wt2018-covid-2020',
  title: 'Working Together 2018, with the COVID-19 relaxation of March 2020',
  effectiveFrom: '2020-03-23',
  effectiveTo: '2021-03-31',
  get rules() {
    const rules = workingTogether2018Rules();
    const relaxed = 'Relaxed during COVID-19: may be exceeded, with the reasons given to the Panel; notification (T1) was not relaxed.';
    return { ...rules, T4: { ...rules.T4, note: relaxed }, T7: { ...rules.T7, note: relaxed } };
  },
  rapidReviewClockStart: 'awareness',
  basis:
    'Relaxed from 23 March 2020 (PROCESSES.md: "in March 2020 the 15-day and 6-month expectations were relaxed for COVID, notification was not"). ' +
    'No source available here fixes an end date; this partnership ends it on 31 March 2021, the end of the reporting year in which its ' +
    'paused review resumed and was expected to publish (annual report 2019-20, "Child Safeguarding Practice Reviews": "anticipated that this ' +
    'review will be published in early 2021"). A case keeps the set in force on its start date.',
};

function wt2023(): string {
  return 'Working Together to Safeguard Children 2023, chapter 5';
}

function panelGuidance(): string {
  return "Child Safeguarding Practice Review Panel's guidance for safeguarding partners";
}

/**
 * Working Together 2023 replaced the 2018 edition on 15 December 2023 (PROCESSES.md). Its chapter 5
 * and the Panel's guidance keep the timescales of PROCESSES.md, so each carries over with the 2023
 * source named; only the duties in statute keep their statutory source.
 */
function carriedOver(rule: StatutoryRule): StatutoryRule {
  const source = rule.source.includes(wt2018()) ? rule.source.replace(wt2018(), wt2023()) : rule.id === 'T12' ? 'Children Act 2004 s16G; Working Together to Safeguard Children 2023' : rule.source;
  return { ...rule, source: ['T4', 'T6', 'T8'].includes(rule.id) ? `${source}; ${panelGuidance()}` : source };
}

export const WORKING_TOGETHER_2023_RULES: RuleSet = {
  id: 'wt2023',
  title: 'Working Together to Safeguard Children 2023',
  effectiveFrom: '2023-12-15',
  get rules() {
    const rules = workingTogether2018Rules();
    return Object.fromEntries(RULE_IDS.map((id) => [id, carriedOver(rules[id])])) as Record<RuleId, StatutoryRule>;
  },
  rapidReviewClockStart: 'awareness',
  get basis() {
    return `In force from 15 December 2023, replacing the 2018 edition (PROCESSES.md). Sources: ${wt2023()}; ${panelGuidance()}. The timescales of the 2018 edition carry over; the rapid review's clock start stays configurable (PROCESSES.md T4).`;
  },
};

export const RULE_SETS: RuleSet[] = [STANDARD_RULES, COVID_2020_RULES, WORKING_TOGETHER_2023_RULES];

/** The Panel's 2025 guidance counts the rapid review from the notification; a partnership may choose either. */
export function withRapidReviewClockStart(set: RuleSet, clockStart: RuleSet['rapidReviewClockStart']): RuleSet {
  if (set.rapidReviewClockStart === clockStart) return set;
  return {
    ...set,
    id: `${set.id}+rapid-review-from-${clockStart}`,
    rapidReviewClockStart: clockStart,
    rules: { ...set.rules, T4: { ...set.rules.T4, clockStart } },
  };
}

/** A recorded rule set id (with any partnership variant, e.g. `+rapid-review-from-...`) to the set it comes from. */
export function ruleSetById(id: string, sets: RuleSet[] = RULE_SETS): RuleSet | undefined {
  return sets.find((set) => id === set.id || id.startsWith(`${set.id}+`));
}

/** The set in force on `date`; where sets overlap, the one that took effect last. */
export function ruleSetFor(date: IsoDate, sets: RuleSet[] = RULE_SETS): RuleSet {
  let chosen: RuleSet | undefined;
  for (const set of sets) {
    const inForce = compareIsoDates(set.effectiveFrom, date) <= 0 && (set.effectiveTo === undefined || compareIsoDates(date, set.effectiveTo) <= 0);
    if (inForce && (!chosen || compareIsoDates(set.effectiveFrom, chosen.effectiveFrom) >= 0)) chosen = set;
  }
  if (!chosen) throw new RangeError(`no rule set is in force on ${date}`);
  return chosen;
}
