/**
 * A partnership's tracker brought in (issue 12): the CSV template (one row per case, in a business
 * manager's words) or the same as JSON, read into each case's history and checked through the very
 * validators that refuse a live milestone, so a dry run reports every problem by row and column and
 * a real run starts each case's workflow at its true state. Pure: no I/O.
 */
import type { AgencyDue } from './action-plan';
import type { WorkingCalendar } from './calendar';
import { referenceRefusal } from './case-reference';
import { fnv1a64Hex } from './content-hash';
import { formatLongDate, isIsoDate, type IsoDate } from './dates';
import { deadlineStatus, type DeadlineStatus } from './deadlines';
import {
  PRACTICE_REVIEW_MILESTONES,
  deferralRefusal,
  isClosed,
  pauseRefusal,
  practiceMetOn,
  practiceMilestoneRefusal,
  practiceReviewDeadlines,
  practiceStage,
  resumeRefusal,
  PAUSE_REASONS,
  DEFERRAL_REASONS,
  type HoldRecord,
  type PauseReason,
  type PracticeMilestoneInput,
  type PracticeReviewState,
  type RecordedPracticeMilestone,
} from './practice-review';
import {
  RAPID_REVIEW_MILESTONES,
  isChased,
  isComplete,
  metOn,
  milestoneRefusal,
  rapidReviewDeadlines,
  stageAfter,
  type RapidReviewMilestoneInput,
  type RecordedMilestone,
} from './rapid-review';
import type { RuleSet } from './rules';
import type { Notice } from './notices';
import { MilestoneBody, PracticeMilestoneBody } from './schemas';
import type { ImportedPracticeEvent } from '../workflows/practice-review-definitions';

export type ImportProcess = 'rapid-review' | 'practice-review';

/** The template's columns, in the order of the template file. Both processes share one sheet. */
export const TRACKER_COLUMNS = [
  { name: 'reference', for: 'both', meaning: "the case's reference, exactly as the partnership writes it (CASE_REFERENCE_PATTERN)" },
  { name: 'process', for: 'both', meaning: "'rapid review' or 'practice review' (LCSPR)" },
  { name: 'child', for: 'both', meaning: 'how the child is known in the review, e.g. "Child H" (never a name); a practice review takes its rapid review\'s when empty' },
  { name: 'aware_on', for: 'both', meaning: 'the local authority became aware of the incident (required for a rapid review)' },
  { name: 'notifiable', for: 'rapid-review', meaning: 'yes / no: the notification decision' },
  { name: 'looked_after_child_death', for: 'rapid-review', meaning: 'yes / no (T3)' },
  { name: 'decision_on', for: 'rapid-review', meaning: 'the notification decision was made' },
  { name: 'notified_on', for: 'rapid-review', meaning: 'the serious incident notification went to the Panel (T1)' },
  { name: 'partners_told_on', for: 'rapid-review', meaning: 'the safeguarding partners were told (T2)' },
  { name: 'summaries_requested_on', for: 'rapid-review', meaning: 'agency summaries were requested' },
  { name: 'summaries_due', for: 'rapid-review', meaning: "each agency and its due date: 'police 2020-01-10; health 2020-01-12'" },
  { name: 'summaries_received', for: 'rapid-review', meaning: "each agency and the date its summary came: 'police 2020-01-09'" },
  { name: 'meeting_on', for: 'rapid-review', meaning: 'the rapid review meeting was held' },
  { name: 'signed_off_on', for: 'both', meaning: 'the partners signed off the rapid review / the final report' },
  { name: 'submitted_on', for: 'rapid-review', meaning: 'the rapid review went to the Panel (T4)' },
  { name: 'recommendation', for: 'rapid-review', meaning: "optional: 'lcspr', 'no-lcspr' or 'national-review'" },
  { name: 'panel_response_on', for: 'rapid-review', meaning: "the Panel's response arrived" },
  { name: 'national_review', for: 'rapid-review', meaning: 'yes / no: the Panel will hold a national review' },
  { name: 'outcome_on', for: 'rapid-review', meaning: 'the outcome was decided' },
  { name: 'outcome', for: 'rapid-review', meaning: "'lcspr', 'no-lcspr' or 'national-review'" },
  { name: 'learning_route', for: 'rapid-review', meaning: "no LCSPR: 'single-agency-learning', 'multi-agency-learning-review', 'learning-briefing' or 'multi-agency-audit'" },
  { name: 'practice_review', for: 'rapid-review', meaning: "LCSPR: the practice review's own reference (a row of its own)" },
  { name: 'information_requested_on', for: 'rapid-review', meaning: "national review: the Panel's reviewers asked local agencies for information" },
  { name: 'information_due', for: 'rapid-review', meaning: "each agency and its due date: 'police 2021-02-01'" },
  { name: 'information_supplied', for: 'rapid-review', meaning: "each agency and the date it supplied: 'police 2021-01-28'" },
  { name: 'national_review_published_on', for: 'rapid-review', meaning: 'the Panel published its national review' },
  { name: 'commissioned_on', for: 'practice-review', meaning: 'the decision to hold the review (T7 starts here)' },
  { name: 'reviewer', for: 'practice-review', meaning: "the reviewer's name (an LCSPR row), or the LCSPR's reviewer (a rapid review row with outcome lcspr)" },
  { name: 'rapid_review', for: 'practice-review', meaning: 'the rapid review that led to it, if any (held here or elsewhere)' },
  { name: 'terms_agreed_on', for: 'practice-review', meaning: 'terms of reference agreed' },
  { name: 'reports_requested_on', for: 'practice-review', meaning: 'agency reports and chronologies requested' },
  { name: 'reports_due', for: 'practice-review', meaning: "each agency and its due date: 'police 2020-02-10; health 2020-02-14'" },
  { name: 'reports_received', for: 'practice-review', meaning: "each agency and the date its report came: 'police 2020-02-07'" },
  { name: 'learning_event_on', for: 'practice-review', meaning: 'the practitioner learning event was held' },
  { name: 'family_involvement_on', for: 'practice-review', meaning: 'family involvement completed' },
  { name: 'draft_requested_on', for: 'practice-review', meaning: 'a draft report requested in writing (reg 14)' },
  { name: 'draft_received_on', for: 'practice-review', meaning: 'the draft report arrived' },
  { name: 'planned_publication', for: 'practice-review', meaning: 'the publication date planned at sign-off' },
  { name: 'final_report_sent_on', for: 'practice-review', meaning: 'the final report went to the Panel and the Secretary of State (T8)' },
  { name: 'published_on', for: 'practice-review', meaning: 'the report was published' },
  { name: 'improvements_published_on', for: 'practice-review', meaning: 'only the improvements were published (T10)' },
  { name: 'action_plan_on', for: 'practice-review', meaning: 'the action plan was agreed' },
  { name: 'actions', for: 'both', meaning: "each action, its owner and due date: 'A1 police 2021-03-01; A2 health 2021-04-30' (a practice review's plan, or a rapid review's no-LCSPR plan)" },
  { name: 'actions_completed', for: 'both', meaning: "each action done and when: 'A1 2021-02-26'" },
  ...([1, 2, 3] as const).flatMap((n) => [
    { name: `hold_${n}_kind` as const, for: 'practice-review' as const, meaning: `hold ${n}: 'pause' or 'publication deferral'` },
    { name: `hold_${n}_from` as const, for: 'practice-review' as const, meaning: `hold ${n}: the day it began` },
    { name: `hold_${n}_to` as const, for: 'practice-review' as const, meaning: `hold ${n}: the day it ended (empty while it lasts)` },
    { name: `hold_${n}_reason` as const, for: 'practice-review' as const, meaning: `hold ${n}: ${PAUSE_REASONS.join(', ')} (a deferral: ${DEFERRAL_REASONS.join(' or ')})` },
    { name: `hold_${n}_expected_end` as const, for: 'practice-review' as const, meaning: `hold ${n}, a pause: when it was expected to end` },
    { name: `hold_${n}_new_publication` as const, for: 'practice-review' as const, meaning: `hold ${n}, a deferral lifted: the new planned publication date, if it moved` },
  ]),
] as const satisfies readonly { name: string; for: ImportProcess | 'both'; meaning: string }[];
export type TrackerColumn = (typeof TRACKER_COLUMNS)[number]['name'];
const COLUMN_NAMES = new Set<string>(TRACKER_COLUMNS.map((c) => c.name));

export interface ImportProblem {
  /** The spreadsheet's row (the header is row 1), or the JSON item's number from 1. */
  row: number;
  column: string;
  problem: string;
}

export interface TrackerRow {
  row: number;
  cells: Partial<Record<TrackerColumn, string>>;
}

export interface ParsedTracker {
  rows: TrackerRow[];
  problems: ImportProblem[];
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Blank lines are skipped. */
export function parseTrackerCsv(text: string): ParsedTracker {
  const records = csvRecords(text.replace(/^\uFEFF/, ''));
  const header = records.shift();
  if (!header) return { rows: [], problems: [{ row: 1, column: 'reference', problem: 'the file is empty: the first row must name the columns' }] };
  const names = header.fields.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const problems: ImportProblem[] = names.flatMap((n, i) =>
    COLUMN_NAMES.has(n) ? [] : [{ row: header.line, column: header.fields[i] ?? '', problem: `unknown column '${header.fields[i]}': the template's columns are listed in the README ("Bringing your cases in")` }],
  );
  for (const required of ['reference', 'process'] as const) if (!names.includes(required)) problems.push({ row: header.line, column: required, problem: `the column '${required}' is missing` });
  const rows = records
    .filter((r) => r.fields.some((f) => f.trim() !== ''))
    .map((r): TrackerRow => {
      const cells: TrackerRow['cells'] = {};
      names.forEach((n, i) => {
        const value = r.fields[i]?.trim() ?? '';
        if (COLUMN_NAMES.has(n) && value !== '') cells[n as TrackerColumn] = value;
      });
      return { row: r.line, cells };
    });
  return { rows, problems };
}

function csvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}

/** The same rows as JSON, for machines: `{ "cases": [ { "reference": ..., ... } ] }` or a bare array; item n is row n. */
export function parseTrackerJson(value: unknown): ParsedTracker {
  const items = Array.isArray(value) ? value : (value as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(items)) return { rows: [], problems: [{ row: 0, column: 'cases', problem: 'must be an array of cases, or an object with one ("cases")' }] };
  const problems: ImportProblem[] = [];
  const rows = items.map((item, i): TrackerRow => {
    const row = i + 1;
    const cells: TrackerRow['cells'] = {};
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ row, column: 'reference', problem: 'must be an object of columns' });
      return { row, cells };
    }
    for (const [name, v] of Object.entries(item as Record<string, unknown>)) {
      if (!COLUMN_NAMES.has(name)) {
        problems.push({ row, column: name, problem: `unknown column '${name}'` });
        continue;
      }
      const text = Array.isArray(v) ? v.map(String).join('; ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v === null || v === undefined ? '' : String(v);
      if (text.trim() !== '') cells[name as TrackerColumn] = text.trim();
    }
    return { row, cells };
  });
  return { rows, problems };
}

/** A case as it will be started: its workflow's input, and its history to replay. */
export type CasePlan =
  | { process: 'rapid-review'; reference: string; childPseudonym: string; awareOn: IsoDate; imported: RapidReviewMilestoneInput[] }
  | {
      process: 'practice-review';
      reference: string;
      childPseudonym?: string;
      awareOn: IsoDate;
      commissionedOn: IsoDate;
      reviewerName: string;
      rapidReviewReference?: string;
      imported: ImportedPracticeEvent[];
    };

/** What the case looks like today once imported, by the same rules the workflow applies. */
export interface ImportedCaseState {
  stage: string;
  state: 'open' | 'completed';
  overdue: { title: string; due: IsoDate }[];
  next?: { title: string; due: IsoDate; status: DeadlineStatus };
}

export interface RowPlan {
  row: number;
  reference?: string;
  process?: ImportProcess;
  problems: ImportProblem[];
  plan?: CasePlan;
  state?: ImportedCaseState;
  /** Names the plan's content: the same row imported again is recognised. */
  fingerprint?: string;
}

export interface PlanContext {
  today: IsoDate;
  calendar: WorkingCalendar;
  ruleSet: (awareOn: IsoDate) => RuleSet;
}

export const IMPORTED_BY = 'import';

/** Reads one row into its case plan and checks it through the live validators. */
export function planRow(row: TrackerRow, context: PlanContext): RowPlan {
  const cells = new Cells(row);
  const reference = cells.text('reference', true);
  if (reference !== undefined) {
    const refusal = referenceRefusal(reference);
    if (refusal) cells.problem('reference', `'${reference}' ${refusal}`);
  }
  const process = cells.process();
  if (!process || cells.problems.length > 0) return { row: row.row, ...(reference ? { reference } : {}), ...(process ? { process } : {}), problems: cells.problems };
  const result = process === 'rapid-review' ? rapidReviewPlan(cells, reference!, context) : practiceReviewPlan(cells, reference!, context);
  if (cells.problems.length > 0 || !result) return { row: row.row, reference, process, problems: cells.problems };
  return { row: row.row, reference, process, problems: [], plan: result.plan, state: result.state, fingerprint: fnv1a64Hex(JSON.stringify(result.plan)) };
}

/** Every row planned, with the rows that name a reference twice refused. */
export function planTracker(parsed: ParsedTracker, context: PlanContext): { rows: RowPlan[]; problems: ImportProblem[] } {
  const rows = parsed.rows.map((r) => planRow(r, context));
  const first = new Map<string, number>();
  for (const r of rows) {
    if (!r.reference) continue;
    const seen = first.get(r.reference);
    if (seen === undefined) first.set(r.reference, r.row);
    else {
      r.problems.push({ row: r.row, column: 'reference', problem: `'${r.reference}' is already on row ${seen}` });
      delete r.plan;
      delete r.state;
    }
  }
  return { rows, problems: [...parsed.problems, ...rows.flatMap((r) => r.problems)] };
}

class Cells {
  readonly problems: ImportProblem[] = [];
  constructor(private readonly source: TrackerRow) {}

  problem(column: string, problem: string): void {
    this.problems.push({ row: this.source.row, column, problem });
  }
  text(column: TrackerColumn, required = false): string | undefined {
    const value = this.source.cells[column];
    if (value === undefined && required) this.problem(column, 'is required');
    return value;
  }
  process(): ImportProcess | undefined {
    const value = this.text('process', true)?.toLowerCase().replace(/[\s_]+/g, '-');
    if (value === undefined) return undefined;
    if (['rapid-review', 'rr'].includes(value)) return 'rapid-review';
    if (['practice-review', 'lcspr', 'local-child-safeguarding-practice-review'].includes(value)) return 'practice-review';
    this.problem('process', `'${this.source.cells.process}' is not a process: write 'rapid review' or 'practice review'`);
    return undefined;
  }
  date(column: TrackerColumn, required = false): IsoDate | undefined {
    const value = this.text(column, required);
    if (value === undefined) return undefined;
    const date = readDate(value);
    if (!date) this.problem(column, `'${value}' is not a real date: write YYYY-MM-DD or DD/MM/YYYY (2000 to 2099)`);
    return date;
  }
  yesNo(column: TrackerColumn): boolean | undefined {
    const value = this.text(column)?.toLowerCase();
    if (value === undefined) return undefined;
    if (['yes', 'y', 'true'].includes(value)) return true;
    if (['no', 'n', 'false'].includes(value)) return false;
    this.problem(column, `'${this.source.cells[column]}' must be yes or no`);
    return undefined;
  }
  choice<T extends string>(column: TrackerColumn, choices: readonly T[]): T | undefined {
    const value = this.text(column)?.toLowerCase().replace(/\s+/g, '-');
    if (value === undefined) return undefined;
    if ((choices as readonly string[]).includes(value)) return value as T;
    this.problem(column, `'${this.source.cells[column]}' must be one of ${choices.join(', ')}`);
    return undefined;
  }
  /** 'police 2020-01-10; health 12/01/2020': a code and a date per item. */
  pairs(column: TrackerColumn): { item: string; date: IsoDate }[] | undefined {
    return this.items(column, 2)?.map(([item, date]) => ({ item: item!, date: date as IsoDate }));
  }
  /** 'A1 police 2021-03-01; A2 health 2021-04-30'. */
  actions(column: TrackerColumn): { id: string; owner: string; dueOn: IsoDate }[] | undefined {
    return this.items(column, 3)?.map(([id, owner, dueOn]) => ({ id: id!, owner: owner!, dueOn: dueOn! }));
  }
  private items(column: TrackerColumn, width: 2 | 3): string[][] | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    const out: string[][] = [];
    for (const part of value.split(';').map((p) => p.trim()).filter(Boolean)) {
      const words = part.split(/[\s:,]+/).filter(Boolean);
      const date = words.length === width ? readDate(words[width - 1]!) : undefined;
      if (!date) {
        this.problem(column, `'${part}' must be ${width === 2 ? 'a code and a date, e.g. police 2020-01-10' : 'an action, its owner and a due date, e.g. A1 police 2021-03-01'} (items separated by ';')`);
        return undefined;
      }
      out.push([...words.slice(0, width - 1), date]);
    }
    return out;
  }
}

/** YYYY-MM-DD, or DD/MM/YYYY as a spreadsheet writes it in England. */
function readDate(text: string): IsoDate | undefined {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  return isIsoDate(iso) && iso >= '2000-01-01' && iso <= '2099-12-31' ? iso : undefined;
}

interface Sourced<T> {
  column: TrackerColumn;
  on: IsoDate;
  /** Same-day order: the process's own order of milestones (holds: resume first, pause last). */
  rank: number;
  event: T;
}

/** The API's own payload rules for a milestone (agency codes, action numbers, list sizes). */
function payloadProblem(schema: typeof MilestoneBody | typeof PracticeMilestoneBody, body: Record<string, unknown>): string | undefined {
  const rest: Record<string, unknown> = { ...body };
  delete rest.recordedBy;
  const parsed = schema.safeParse(rest);
  return parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.filter((p) => typeof p !== 'number').join('.') || 'value'} ${i.message}`).join('; ');
}

/** A cell another one needs: `column` is required once `with_` is given. */
function needing(cells: Cells) {
  return (column: TrackerColumn, given: unknown, with_: string) => {
    if (given === undefined) cells.problem(column, `is required with ${with_}`);
  };
}

/** A request to agencies (its date and each agency's due date, each required with the other) and each agency's answer. */
function agencyRequest(cells: Cells, columns: { requestedOn: TrackerColumn; due: TrackerColumn; received: TrackerColumn }) {
  const needs = needing(cells);
  const requestedOn = cells.date(columns.requestedOn);
  const due = cells.pairs(columns.due);
  if (requestedOn) needs(columns.due, due, columns.requestedOn);
  if (due) needs(columns.requestedOn, requestedOn, columns.due);
  return {
    requestedOn,
    agencies: due?.map((p): AgencyDue => ({ agency: p.item, dueOn: p.date })),
    // Read after the request is added, so problems are listed in the row's order.
    received: () => (cells.pairs(columns.received) ?? []).map((p) => ({ agency: p.item, on: p.date })),
  };
}

function rapidReviewPlan(cells: Cells, reference: string, context: PlanContext): { plan: CasePlan; state: ImportedCaseState } | undefined {
  const awareOn = cells.date('aware_on', true);
  const childPseudonym = cells.text('child', true);
  const rank = (m: RapidReviewMilestoneInput['milestone']) => RAPID_REVIEW_MILESTONES.indexOf(m);
  const events: Sourced<RapidReviewMilestoneInput>[] = [];
  const add = (column: TrackerColumn, on: IsoDate | undefined, m: Record<string, unknown> & { milestone: RapidReviewMilestoneInput['milestone'] }) => {
    if (on === undefined) return;
    const event = { ...m, occurredOn: on, recordedBy: IMPORTED_BY } as unknown as RapidReviewMilestoneInput;
    const problem = payloadProblem(MilestoneBody, event as unknown as Record<string, unknown>);
    if (problem) cells.problem(column, problem);
    else events.push({ column, on, rank: rank(m.milestone), event });
  };
  const needs = needing(cells);

  const decisionOn = cells.date('decision_on');
  const notifiable = cells.yesNo('notifiable');
  if (decisionOn) needs('notifiable', notifiable, 'decision_on');
  if (notifiable !== undefined) add('decision_on', decisionOn, { milestone: 'notification-decision', notifiable, lookedAfterChildDeath: cells.yesNo('looked_after_child_death') ?? false });
  add('notified_on', cells.date('notified_on'), { milestone: 'notification-sent' });
  add('partners_told_on', cells.date('partners_told_on'), { milestone: 'partners-told' });
  const summaries = agencyRequest(cells, { requestedOn: 'summaries_requested_on', due: 'summaries_due', received: 'summaries_received' });
  if (summaries.agencies) add('summaries_requested_on', summaries.requestedOn, { milestone: 'agency-summaries-requested', agencies: summaries.agencies });
  for (const r of summaries.received()) add('summaries_received', r.on, { milestone: 'agency-summary-received', agency: r.agency });
  add('meeting_on', cells.date('meeting_on'), { milestone: 'rapid-review-meeting-held' });
  add('signed_off_on', cells.date('signed_off_on'), { milestone: 'partner-sign-off' });
  const recommendation = cells.choice('recommendation', ['lcspr', 'no-lcspr', 'national-review'] as const);
  add('submitted_on', cells.date('submitted_on'), { milestone: 'rapid-review-submitted', ...(recommendation ? { recommendation } : {}) });
  const responseOn = cells.date('panel_response_on');
  const nationalReview = cells.yesNo('national_review');
  if (responseOn) add('panel_response_on', responseOn, { milestone: 'panel-response', nationalReview: nationalReview ?? false });
  const outcomeOn = cells.date('outcome_on');
  const outcome = cells.choice('outcome', ['lcspr', 'no-lcspr', 'national-review'] as const);
  if (outcomeOn) needs('outcome', outcome, 'outcome_on');
  if (outcome) needs('outcome_on', outcomeOn, 'outcome');
  const actions = cells.actions('actions');
  if (outcome === 'lcspr') {
    const practiceReviewReference = cells.text('practice_review');
    const reviewerName = cells.text('reviewer');
    needs('practice_review', practiceReviewReference, "outcome 'lcspr'");
    needs('reviewer', reviewerName, "outcome 'lcspr'");
    if (practiceReviewReference && referenceRefusal(practiceReviewReference)) cells.problem('practice_review', `'${practiceReviewReference}' ${referenceRefusal(practiceReviewReference)}`);
    else if (practiceReviewReference && reviewerName) add('outcome_on', outcomeOn, { milestone: 'outcome-decided', outcome, practiceReviewReference, reviewerName });
  } else if (outcome === 'no-lcspr') {
    const learningRoute = cells.choice('learning_route', ['single-agency-learning', 'multi-agency-learning-review', 'learning-briefing', 'multi-agency-audit'] as const);
    needs('learning_route', learningRoute, "outcome 'no-lcspr'");
    needs('actions', actions, "outcome 'no-lcspr'");
    if (learningRoute && actions) add('outcome_on', outcomeOn, { milestone: 'outcome-decided', outcome, learningRoute, actions });
  } else if (outcome === 'national-review') add('outcome_on', outcomeOn, { milestone: 'outcome-decided', outcome });
  const information = agencyRequest(cells, { requestedOn: 'information_requested_on', due: 'information_due', received: 'information_supplied' });
  if (information.agencies) add('information_requested_on', information.requestedOn, { milestone: 'national-review-information-requested', agencies: information.agencies });
  for (const r of information.received()) add('information_supplied', r.on, { milestone: 'national-review-information-supplied', agency: r.agency });
  add('national_review_published_on', cells.date('national_review_published_on'), { milestone: 'national-review-published' });
  for (const p of cells.pairs('actions_completed') ?? []) add('actions_completed', p.date, { milestone: 'action-completed', actionId: p.item });
  if (!awareOn || !childPseudonym || cells.problems.length > 0) return undefined;

  const ruleSet = context.ruleSet(awareOn);
  const recorded: RecordedMilestone[] = [];
  for (const { column, event } of inOrder(events)) {
    const refusal = milestoneRefusal(event, { awareOn, today: context.today, recorded, version: 3, reference });
    if (refusal) {
      cells.problem(column, refusal);
      return undefined;
    }
    recorded.push({ ...event, recordedAt: '' });
  }
  const deadlines = rapidReviewDeadlines({ awareOn, ruleSet, calendar: context.calendar, milestones: recorded, version: 3 });
  const open = deadlines.filter((d) => isChased(d.key, recorded, 3)).map((d) => ({ ...d, ...deadlineStatus(d, context.today, context.calendar, {}) }));
  const completed = isComplete(3, recorded);
  return {
    plan: { process: 'rapid-review', reference, childPseudonym, awareOn, imported: recorded.map(({ recordedAt: _r, ...m }) => m as RapidReviewMilestoneInput) },
    state: stateOf(stageAfter(recorded, 3), completed, completed ? [] : open.filter((d) => !metOn(d.key, recorded))),
  };
}

/** The practice review's milestones a single date records (events are put in order later, by date and stage). */
const PRACTICE_DATE_COLUMNS: readonly [TrackerColumn, PracticeMilestoneInput['milestone']][] = [
  ['terms_agreed_on', 'terms-of-reference-agreed'],
  ['learning_event_on', 'practitioner-learning-event-held'],
  ['family_involvement_on', 'family-involvement-completed'],
  ['draft_requested_on', 'draft-requested'],
  ['draft_received_on', 'draft-report-received'],
  ['final_report_sent_on', 'pre-publication-copy-sent'],
  ['published_on', 'published'],
  ['improvements_published_on', 'improvements-published'],
];

function practiceReviewPlan(cells: Cells, reference: string, context: PlanContext): { plan: CasePlan; state: ImportedCaseState } | undefined {
  const commissionedOn = cells.date('commissioned_on', true);
  const reviewerName = cells.text('reviewer', true);
  const awareOn = cells.date('aware_on');
  const childPseudonym = cells.text('child');
  const rapidReviewReference = cells.text('rapid_review');
  if (rapidReviewReference && referenceRefusal(rapidReviewReference)) cells.problem('rapid_review', `'${rapidReviewReference}' ${referenceRefusal(rapidReviewReference)}`);
  if (awareOn && commissionedOn && awareOn > commissionedOn) cells.problem('aware_on', `${awareOn} is after the review was commissioned (${commissionedOn})`);
  const rank = (m: PracticeMilestoneInput['milestone']) => 10 + PRACTICE_REVIEW_MILESTONES.indexOf(m);
  const events: Sourced<ImportedPracticeEvent>[] = [];
  const add = (column: TrackerColumn, on: IsoDate | undefined, m: Record<string, unknown> & { milestone: PracticeMilestoneInput['milestone'] }) => {
    if (on === undefined) return;
    const milestone = { ...m, occurredOn: on, recordedBy: IMPORTED_BY } as unknown as PracticeMilestoneInput;
    // The justification of improvements-only publication stays in the case file (the API keeps it in the protected note).
    const problem = payloadProblem(PracticeMilestoneBody, { ...milestone, ...(m.milestone === 'improvements-published' ? { justification: 'recorded in the case file' } : {}) });
    if (problem) cells.problem(column, problem);
    else events.push({ column, on, rank: rank(m.milestone), event: { kind: 'milestone', milestone } });
  };
  for (const [column, milestone] of PRACTICE_DATE_COLUMNS) add(column, cells.date(column), { milestone });
  const reports = agencyRequest(cells, { requestedOn: 'reports_requested_on', due: 'reports_due', received: 'reports_received' });
  if (reports.agencies) add('reports_requested_on', reports.requestedOn, { milestone: 'agency-reports-requested', agencies: reports.agencies });
  for (const r of reports.received()) add('reports_received', r.on, { milestone: 'agency-report-received', agency: r.agency });
  const needs = needing(cells);
  const signedOffOn = cells.date('signed_off_on');
  const planned = cells.date('planned_publication');
  if (signedOffOn) needs('planned_publication', planned, 'signed_off_on');
  if (planned) add('signed_off_on', signedOffOn, { milestone: 'partner-sign-off', plannedPublicationOn: planned });
  const planOn = cells.date('action_plan_on');
  const actions = cells.actions('actions');
  if (planOn) needs('actions', actions, 'action_plan_on');
  if (actions) add('action_plan_on', planOn, { milestone: 'action-plan-agreed', actions });
  for (const p of cells.pairs('actions_completed') ?? []) add('actions_completed', p.date, { milestone: 'action-completed', actionId: p.item });
  for (const n of [1, 2, 3] as const) holdEvents(cells, n, events);
  if (!commissionedOn || !reviewerName || cells.problems.length > 0) return undefined;

  const ruleSet = context.ruleSet(awareOn ?? commissionedOn);
  const milestones: RecordedPracticeMilestone[] = [{ milestone: 'reviewer-appointed', reviewerName, occurredOn: commissionedOn, recordedBy: IMPORTED_BY, recordedAt: '' }];
  const holds: HoldRecord[] = [];
  const state = (): PracticeReviewState => ({ decidedOn: commissionedOn, ruleSet, calendar: context.calendar, milestones, holds, holdsMoveOnlyRunningDeadlines: true });
  const today = context.today;
  const ordered = inOrder(events);
  for (const { column, event } of ordered) {
    const refusal =
      event.kind === 'milestone'
        ? practiceMilestoneRefusal(event.milestone, state(), today)
        : event.kind === 'pause'
          ? pauseRefusal(event.pause, state(), today)
          : event.kind === 'resume'
            ? resumeRefusal(event.resume, state(), today)
            : deferralRefusal(event.deferral, state(), today);
    if (refusal) {
      cells.problem(column, refusal);
      return undefined;
    }
    // As the workflow applies them (workflows/practice-review.ts applyX).
    if (event.kind === 'milestone') milestones.push({ ...event.milestone, recordedAt: '' });
    else if (event.kind === 'pause') holds.push({ kind: 'pause', from: event.pause.from, reason: event.pause.reason, expectedResumeOn: event.pause.expectedResumeOn, panelAndSoSToldOn: today });
    else if (event.kind === 'publication-deferral') holds.push({ kind: 'publication-deferral', from: event.deferral.from, reason: event.deferral.reason, panelAndSoSToldOn: today });
    else {
      const current = holds.find((h) => h.to === undefined)!;
      current.to = event.resume.on;
      if (event.resume.plannedPublicationOn) current.replannedPublicationOn = event.resume.plannedPublicationOn;
    }
  }
  const closed = isClosed(milestones);
  const deadlines = practiceReviewDeadlines(state(), today)
    .filter((d) => d.kind !== 'standing' && !practiceMetOn(d.key, milestones))
    .map((d) => ({ ...d, ...deadlineStatus(d, today, context.calendar, {}) }));
  return {
    plan: {
      process: 'practice-review',
      reference,
      ...(childPseudonym ? { childPseudonym } : {}),
      awareOn: awareOn ?? commissionedOn,
      commissionedOn,
      reviewerName,
      ...(rapidReviewReference ? { rapidReviewReference } : {}),
      imported: ordered.map((e) => e.event),
    },
    state: stateOf(practiceStage(milestones), closed, closed ? [] : deadlines),
  };
}

function holdEvents(cells: Cells, n: 1 | 2 | 3, events: Sourced<ImportedPracticeEvent>[]): void {
  const col = (what: string) => `hold_${n}_${what}` as TrackerColumn;
  const kind = cells.choice(col('kind'), ['pause', 'publication-deferral', 'deferral'] as const);
  const from = cells.date(col('from'));
  const to = cells.date(col('to'));
  const reason = cells.choice(col('reason'), PAUSE_REASONS);
  const expected = cells.date(col('expected_end'));
  const replanned = cells.date(col('new_publication'));
  if (kind === undefined) {
    for (const what of ['from', 'to', 'reason', 'expected_end', 'new_publication']) if (cells.text(col(what) as TrackerColumn) !== undefined) cells.problem(col('kind'), `is required with ${col(what)}`);
    return;
  }
  if (!from) return void cells.problem(col('from'), `is required for hold ${n}`);
  if (!reason) return void cells.problem(col('reason'), `is required for hold ${n}`);
  if (to && to < from) return void cells.problem(col('to'), `the hold ends (${to}) before it starts (${from})`);
  const recordedBy = IMPORTED_BY;
  if (kind === 'pause') {
    // A pause whose expected end the tracker does not give: the day it ended, or else a month on (a reminder to review the hold goes then).
    const expectedResumeOn = expected ?? to ?? addMonthApprox(from);
    if (expectedResumeOn <= from) return void cells.problem(col('expected_end'), `must be after the hold began (${from})`);
    events.push({ column: col('from'), on: from, rank: 90, event: { kind: 'pause', pause: { from, reason, expectedResumeOn, recordedBy } } });
  } else {
    if (!(DEFERRAL_REASONS as readonly PauseReason[]).includes(reason)) return void cells.problem(col('reason'), `a publication deferral's reason must be ${DEFERRAL_REASONS.join(' or ')}`);
    events.push({ column: col('from'), on: from, rank: 90, event: { kind: 'publication-deferral', deferral: { from, reason: reason as (typeof DEFERRAL_REASONS)[number], recordedBy } } });
  }
  if (to) events.push({ column: col('to'), on: to, rank: to === from ? 95 : 0, event: { kind: 'resume', resume: { on: to, recordedBy, ...(replanned ? { plannedPublicationOn: replanned } : {}) } } });
  else if (replanned) cells.problem(col('new_publication'), `applies only once the hold has ended (${col('to')})`);
}

function addMonthApprox(date: IsoDate): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return isIsoDate(`${next}-${String(d).padStart(2, '0')}`) ? `${next}-${String(d).padStart(2, '0')}` : `${next}-28`;
}

/** By date; on one day, in the process's own order (a resume first, a new hold last). Stable. */
function inOrder<T>(events: Sourced<T>[]): Sourced<T>[] {
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.on.localeCompare(b.e.on) || a.e.rank - b.e.rank || a.i - b.i).map(({ e }) => e);
}

function stateOf(stage: string, completed: boolean, open: { title: string; due: IsoDate; status: DeadlineStatus }[]): ImportedCaseState {
  const running = open.filter((d) => d.status !== 'standing').sort((a, b) => a.due.localeCompare(b.due));
  const next = running.find((d) => d.status !== 'overdue');
  return {
    stage,
    state: completed ? 'completed' : 'open',
    overdue: running.filter((d) => d.status === 'overdue').map((d) => ({ title: d.title, due: d.due })),
    ...(next ? { next: { title: next.title, due: next.due, status: next.status } } : {}),
  };
}

export interface ImportFigures {
  imported: number;
  open: number;
  closed: number;
  overdue: number;
  /** The open cases' next deadlines, soonest first. */
  next: { reference: string; title: string; due: IsoDate }[];
}

/** The figures of an import's summary (email and report), from the plans' states. */
export function importFigures(rows: readonly { reference: string; state: ImportedCaseState }[]): ImportFigures {
  return {
    imported: rows.length,
    open: rows.filter((r) => r.state.state === 'open').length,
    closed: rows.filter((r) => r.state.state === 'completed').length,
    overdue: rows.filter((r) => r.state.overdue.length > 0).length,
    next: rows
      .flatMap((r) => (r.state.next ? [{ reference: r.reference, title: r.state.next.title, due: r.state.next.due }] : []))
      .sort((a, b) => a.due.localeCompare(b.due) || a.reference.localeCompare(b.reference)),
  };
}

/** The one email an import sends, to the CSPR chair and the executive: never one per case. */
export function importSummaryNotice(importId: string, today: IsoDate, figures: ImportFigures, refused: number): Notice {
  const lines = [
    `${figures.imported} case(s) were brought in from the partnership's tracker on ${formatLongDate(today)}: ${figures.open} open, ${figures.closed} closed (counted in the annual report).`,
    `${figures.overdue} open case(s) have a deadline already overdue.`,
    ...(refused > 0 ? [`${refused} row(s) of the file were not imported: the import report names each problem by row and column.`] : []),
    '',
    ...(figures.next.length > 0 ? ['Next deadlines:', ...figures.next.slice(0, 20).map((n) => `- ${n.reference}: ${n.title}, due ${formatLongDate(n.due)}`), ...(figures.next.length > 20 ? [`- and ${figures.next.length - 20} more on the dashboard`] : []), ''] : []),
    'Nothing dated before the import was sent to anyone: each case\'s timeline shows those notices as "recorded on import, not sent". Reminders start from today.',
  ];
  return {
    key: `import:${importId}:summary`,
    caseReference: `import:${importId}`,
    kind: 'status',
    to: ['cspr-chair', 'executive'],
    subject: `Cases imported: ${figures.imported} (${figures.overdue} with a deadline overdue)`,
    text: lines.join('\n'),
  };
}
