/**
 * The process registry: one record per process a case can run (its pure half is
 * domain/processes.ts). The case routes, the OpenAPI
 * document, the read model's owners, the deadline preview and the milestone form iterate it, so a
 * process added to PROCESS_NAMES (domain/contracts.ts) without an entry here does not compile.
 * Audits and the QAPP cycle have routes of their own (api/routes/audits.ts, api/routes/qapp.ts).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import type { Role } from './auth/principal';
import { caseHealthOf } from '../domain/case-health';
import type { DeadlineView, ProcessName } from '../domain/contracts';
import type { CaseHealth } from '../domain/deadlines';
import { formFields, type FormField } from '../domain/form-fields';
import { ExecutiveMilestoneBody, executiveMilestoneKey, StartExecutiveCycleBody, type ExecutiveMilestoneInput } from '../domain/executive-cycle';
import type { WorkingCalendar } from '../domain/calendar';
import type { ReminderLadder } from '../domain/reminders';
import { milestoneKey, type AllowedMilestone } from '../domain/milestones';
import type { PracticeMilestoneInput } from '../domain/practice-review';
import { PROCESS_DEFINITIONS, type ProcessDefinition } from '../domain/processes';
import type { RapidReviewMilestoneInput } from '../domain/rapid-review';
import { MilestoneBody, PracticeMilestoneBody } from '../domain/schemas';
import { rapidReviewStatus, recordMilestone, type RapidReviewStatus } from '../workflows/definitions';
import { executiveCycleStatus, recordExecutiveMilestone, type ExecutiveCycleStatus } from '../workflows/executive-cycle-definitions';
import { practiceReviewStatus, recordPracticeMilestone, type PracticeReviewStatus } from '../workflows/practice-review-definitions';

/** What the case answer says can happen next (the contract the pages render). */
export interface AllowedNext {
  milestone: string;
  label: string;
  why: string;
  fields: FormField[];
}

/** An open case as its workflow reports it. */
export interface LiveCase {
  stage: string;
  health: CaseHealth;
  deadlines: DeadlineView[];
  /** The process's own view under `live` in the case answer. */
  view: Record<string, unknown>;
  allowedNext: AllowedNext[];
}

/** What a process started from the API on its own needs of the app's dependencies (api/app.ts). */
export interface StartContext {
  calendar: () => WorkingCalendar;
  ladder?: ReminderLadder | undefined;
}

/**
 * A process started from the API on its own (one another workflow starts, as a rapid review starts
 * its practice review, has none). Its routes (`POST /api/<path>`, `GET /api/<path>/:ref`, `POST
 * /api/<path>/:ref/milestones`, in api/routes/process-starts.ts), their access rule (api/auth/policy.ts:
 * `<process>:manage`, granted to `milestoneRoles`), their OpenAPI entries and its page's shell and
 * navigation link (api/page-shells.ts) are generated from this.
 */
export interface StartedOnItsOwn {
  /** The collection under /api, e.g. `executive-cycles`. */
  path: string;
  /** The OpenAPI tag of its routes. */
  tag: string;
  body: z.ZodObject<{ reference: z.ZodType<string> } & z.ZodRawShape>;
  /** The workflow's type (its exported name in workflows/index.ts) and its one argument. */
  workflowType: string;
  input(body: Record<string, unknown> & { reference: string }, ctx: StartContext): Record<string, unknown>;
  /** The live view (`LiveCase.view`) as the document describes it. */
  viewSchema: z.ZodType;
  summaries: { start: string; read: string; milestone: string };
  /** Its page: served at `page.path` with the module `api/pages/<page.script>`, linked in the navigation as `page.nav`. */
  page?: { path: string; title: string; heading: string; script: string; nav: string };
}

/** A discriminated union on `milestone`, one member (or one union of members) per milestone. */
type MilestoneSchema = z.ZodType & { options: readonly z.ZodType[] };

export interface ProcessEntry extends ProcessDefinition {
  /** The body of POST /api/cases/{ref}/milestones for this process. */
  milestoneBody: MilestoneSchema;
  /** Free text a milestone body may carry beside `note`: kept only in the protected timeline note, under this label. */
  freeText: { field: string; label: string };
  /** Who may record its milestones, where narrower than the route's own rule (api/auth/policy.ts); a process without it leaves that to the route. */
  milestoneRoles?: readonly Role[];
  /** The timeline key a recorded milestone is written under (its protected note is attached by it). */
  timelineKey(body: { milestone: string } & Record<string, unknown>): string;
  live(handle: WorkflowHandle, asOf: string): Promise<LiveCase>;
  /** Records a milestone (an update with a validator) and gives the answer of the milestone route. */
  recordMilestone(handle: WorkflowHandle, input: Record<string, unknown>, options: { updateId?: string }): Promise<Record<string, unknown>>;
  startedOnItsOwn?: StartedOnItsOwn;
}

export const PROCESSES: Record<ProcessName, ProcessEntry> = {
  'rapid-review': {
    ...PROCESS_DEFINITIONS['rapid-review'],
    milestoneBody: MilestoneBody,
    freeText: { field: 'rationale', label: 'Rationale' },
    timelineKey: milestoneKey,
    async live(handle, asOf) {
      const s = await handle.query(rapidReviewStatus, { asOf });
      const health = caseHealthOf('rapid-review', s.deadlines, { completed: false, onHold: false });
      return { stage: s.stage, health, deadlines: s.deadlines, view: rapidReviewView(s, health), allowedNext: allowedNextOf(MilestoneBody, s.allowedNext) };
    },
    async recordMilestone(handle, input, options) {
      const s = await handle.executeUpdate(recordMilestone, { args: [input as RapidReviewMilestoneInput], ...options });
      return {
        reference: s.reference,
        stage: s.stage,
        state: s.state,
        milestones: s.milestones,
        ...(s.outcome ? { outcome: s.outcome } : {}),
        ...(s.practiceReview ? { practiceReview: s.practiceReview } : {}),
        owed: s.owed ?? [],
        ...(s.openActions ? { openActions: s.openActions } : {}),
        allowedNext: allowedNextOf(MilestoneBody, s.allowedNext),
      };
    },
  },
  'practice-review': {
    ...PROCESS_DEFINITIONS['practice-review'],
    milestoneBody: PracticeMilestoneBody,
    freeText: { field: 'justification', label: 'Justification' },
    timelineKey: milestoneKey,
    async live(handle, asOf) {
      const s = await handle.query(practiceReviewStatus, { asOf });
      return { stage: s.stage, health: s.health, deadlines: s.deadlines, view: practiceReviewView(s.reference, s), allowedNext: allowedNextOf(PracticeMilestoneBody, s.allowedNext) };
    },
    async recordMilestone(handle, input, options) {
      const s = await handle.executeUpdate(recordPracticeMilestone, { args: [input as PracticeMilestoneInput], ...options });
      return { ...practiceReviewView(s.reference, s), allowedNext: allowedNextOf(PracticeMilestoneBody, s.allowedNext) };
    },
  },
  'executive-cycle': {
    ...PROCESS_DEFINITIONS['executive-cycle'],
    milestoneBody: ExecutiveMilestoneBody,
    freeText: { field: 'decisions', label: 'Decisions' },
    milestoneRoles: ['admin', 'executive'],
    timelineKey: executiveMilestoneKey,
    startedOnItsOwn: {
      path: 'executive-cycles',
      tag: 'executive group',
      body: StartExecutiveCycleBody,
      workflowType: 'executiveCycle',
      input: (body, ctx) => ({ reference: body.reference, pattern: body.pattern, firstMeetingOn: body.firstMeetingOn, calendar: ctx.calendar(), ...(ctx.ladder ? { reminderLocalTime: ctx.ladder.localTime } : {}) }),
      viewSchema: z
        .object({ reference: z.string(), stage: z.string(), cadences: z.array(z.object({}).loose()), nextMeeting: z.object({ meetingOn: z.string(), papersDueOn: z.string(), agendaDueOn: z.string() }), meetings: z.array(z.object({}).loose()), openActions: z.array(z.object({}).loose()) })
        .loose(),
      summaries: {
        start: "Start the Executive Group's meeting cycle (monthly or two-weekly; may start in the past)",
        read: 'The cycle live: cadences, next meeting with its papers and agenda dates, meetings, open actions',
        milestone: 'Record an agenda, a meeting held, its decisions (kept in the protected note) or actions, a completed action, or a cadence change (refused with 409 and a reason when out of order)',
      },
      page: { path: '/executive-cycle', title: 'Executive Group meetings', heading: 'Executive Group meetings', script: 'executive-cycle.js', nav: 'Executive Group' },
    },
    async live(handle, asOf) {
      const s = await handle.query(executiveCycleStatus, { asOf });
      const health = caseHealthOf('executive-cycle', [], { completed: false, onHold: false });
      return { stage: s.stage, health, deadlines: [], view: executiveCycleView(s), allowedNext: allowedNextOf(ExecutiveMilestoneBody, s.allowedNext) };
    },
    async recordMilestone(handle, input, options) {
      const s = await handle.executeUpdate(recordExecutiveMilestone, { args: [input as ExecutiveMilestoneInput], ...options });
      return { ...executiveCycleView(s), allowedNext: allowedNextOf(ExecutiveMilestoneBody, s.allowedNext) };
    },
  },
};

/** The Executive Group's cycle as its page shows it: cadence, next meeting with its papers and agenda dates, meetings, actions. */
export function executiveCycleView(s: ExecutiveCycleStatus) {
  return { reference: s.reference, stage: s.stage, state: s.state, today: s.today, openedOn: s.openedOn, cadences: s.cadences, nextMeeting: s.nextMeeting, meetings: s.meetings, openActions: s.openActions, completedActions: s.completedActions, nextReminderAt: s.nextReminderAt ?? null };
}

/** The open case straight from its workflow. */
export function liveCase(temporal: Client, process: ProcessName, workflowId: string, asOf: string): Promise<LiveCase> {
  return PROCESSES[process].live(temporal.workflow.getHandle(workflowId), asOf);
}

/** The body schema of one milestone: its member of the process's union. */
function milestoneSchema(body: MilestoneSchema, milestone: string): z.ZodType | undefined {
  return (body.options as readonly z.ZodType[]).find((o) => {
    const shape = (o as { shape?: { milestone?: { value?: string } } }).shape;
    const first = (o as { options?: { shape: { milestone: { value: string } } }[] }).options?.[0];
    return (shape?.milestone?.value ?? first?.shape.milestone.value) === milestone;
  });
}

/** The fields of each allowed milestone from its body schema, narrowed to the items and choices open now. */
export function allowedNextOf(body: MilestoneSchema, allowed: readonly AllowedMilestone[] = []): AllowedNext[] {
  return allowed.map((a) => {
    const schema = milestoneSchema(body, a.milestone);
    const fields = (schema ? formFields(schema, ['milestone']) : []).map((f): FormField => {
      const narrowed = f.name === 'agency' || f.name === 'actionId' ? a.items : a.choices?.[f.name];
      const withChoices = narrowed ? { ...f, kind: 'choice' as const, choices: [...narrowed] } : f;
      return f.name === 'occurredOn' && a.notBefore ? { ...withChoices, rule: [f.rule, `on or after ${a.notBefore}`].filter(Boolean).join('; ') } : withChoices;
    });
    return { milestone: a.milestone, label: a.title, why: a.why, fields };
  });
}

function rapidReviewView(s: RapidReviewStatus, health: CaseHealth) {
  return {
    stage: s.stage,
    health,
    outcome: s.outcome ?? null,
    owed: s.owed ?? [],
    ...(s.openActions ? { openActions: s.openActions } : {}),
    practiceReview: s.practiceReview ?? null,
    nextReminderAt: s.nextReminderAt ?? null,
  };
}

/** What the executive sees of a practice review: stage, health, hold and days paused. */
export function practiceReviewView(ref: string, s: PracticeReviewStatus) {
  return {
    reference: ref,
    parentReference: s.parentReference ?? null,
    stage: s.stage,
    state: s.state,
    hold: s.hold,
    health: s.health,
    daysPaused: s.daysPaused,
    workingDaysPaused: s.workingDaysPaused,
    plannedPublicationOn: s.plannedPublicationOn ?? null,
    deadlines: s.deadlines.map((d) => ({ key: d.key, title: d.title, due: d.due, statutoryDue: d.statutoryDue, status: d.status, verdict: d.verdict, sentence: d.sentence, ...(d.metOn ? { metOn: d.metOn } : {}) })),
    owed: s.owed,
    openActions: s.openActions,
    milestones: s.milestones,
  };
}
