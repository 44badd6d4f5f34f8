/**
 * The API half of the process registry (domain/processes.ts): for a process of the one shape it is
 * derived from the domain entry (its status query and milestone update from processMessages in
 * workflows/definitions.ts); the two review workflows, older than the shape, add theirs here, and a
 * new process with neither does not compile. The case routes, the OpenAPI document, the access rules,
 * the generated routes of a process started on its own and the page shells iterate PROCESSES.
 * Audits and the QAPP cycle have routes of their own (api/routes/audits.ts, api/routes/qapp.ts).
 */
import type { QueryDefinition, UpdateDefinition, WorkflowHandle } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import { isRole, type Role } from './auth/principal';
import { caseHealthOf } from '../domain/case-health';
import type { DeadlineView, ProcessName } from '../domain/contracts';
import type { CaseHealth } from '../domain/deadlines';
import { formFields, type FormField } from '../domain/form-fields';
import { milestoneKey, type AllowedMilestone } from '../domain/milestones';
import type { PracticeMilestoneInput } from '../domain/practice-review';
import { PROCESS_DEFINITIONS, PROCESS_NAMES, type MilestoneSchema, type ProcessDefinition, type ProcessShape, type ShapedProcess, type StartedOnItsOwn } from '../domain/processes';
import type { RapidReviewMilestoneInput } from '../domain/rapid-review';
import { MilestoneBody, PracticeMilestoneBody } from '../domain/schemas';
import { processMessages, rapidReviewStatus, recordMilestone, type RapidReviewStatus } from '../workflows/definitions';
import { practiceReviewStatus, recordPracticeMilestone, type PracticeReviewStatus } from '../workflows/practice-review-definitions';

export type { StartContext, StartedOnItsOwn } from '../domain/processes';

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

/** What a process's workflow is asked through: its live status, and a milestone recorded (an update with a validator) with the milestone route's answer. */
interface WorkflowCalls {
  live(handle: WorkflowHandle, asOf: string): Promise<LiveCase>;
  recordMilestone(handle: WorkflowHandle, input: Record<string, unknown>, options: { updateId?: string }): Promise<Record<string, unknown>>;
}

export interface ProcessEntry extends ProcessDefinition, WorkflowCalls, Omit<ProcessShape, 'milestoneRoles' | 'view' | 'recordMilestoneUpdate'> {
  /** Who may record its milestones, where narrower than the route's own rule (api/auth/policy.ts); a process without it leaves that to the route. */
  milestoneRoles?: readonly Role[];
  startedOnItsOwn?: StartedOnItsOwn;
}

/** How a process's workflow is asked: its status query and milestone update, and what the case answer and the milestone route make of the status. */
interface WorkflowMessages<S extends { stage: string; deadlines: DeadlineView[]; allowedNext?: AllowedMilestone[] }, I> {
  milestoneBody: MilestoneSchema;
  status: QueryDefinition<S, [query?: { asOf?: string }]>;
  recordMilestone: UpdateDefinition<S, [I]>;
  health: (s: S) => CaseHealth;
  /** The process's own view under `live` in the case answer. */
  view: (s: S, health: CaseHealth) => Record<string, unknown>;
  /** The milestone route's answer, before its allowedNext, where it is not the view. */
  answer?: (s: S) => Record<string, unknown>;
}

function workflowCalls<S extends { stage: string; deadlines: DeadlineView[]; allowedNext?: AllowedMilestone[] }, I>(m: WorkflowMessages<S, I>): WorkflowCalls {
  return {
    async live(handle, asOf) {
      const s = await handle.query(m.status, { asOf });
      const health = m.health(s);
      return { stage: s.stage, health, deadlines: s.deadlines, view: m.view(s, health), allowedNext: allowedNextOf(m.milestoneBody, s.allowedNext) };
    },
    async recordMilestone(handle, input, options) {
      const s = await handle.executeUpdate(m.recordMilestone, { args: [input as I], ...options });
      return { ...(m.answer ? m.answer(s) : m.view(s, m.health(s))), allowedNext: allowedNextOf(m.milestoneBody, s.allowedNext) };
    },
  };
}

/** A review's entry: its milestones keyed by the one milestone engine, its calls from its own messages. */
function reviewEntry<S extends { stage: string; deadlines: DeadlineView[]; allowedNext?: AllowedMilestone[] }, I>(m: WorkflowMessages<S, I> & Pick<ProcessShape, 'freeText'>) {
  return { milestoneBody: m.milestoneBody, freeText: m.freeText, timelineKey: milestoneKey, ...workflowCalls(m) };
}

/** The review workflows' own status queries and milestone updates, older than the one shape; every other process is derived. */
const REVIEWS: Record<Exclude<ProcessName, ShapedProcess>, Pick<ProcessShape, 'milestoneBody' | 'freeText' | 'timelineKey'> & WorkflowCalls> = {
  'rapid-review': reviewEntry<RapidReviewStatus, RapidReviewMilestoneInput>({
    milestoneBody: MilestoneBody,
    freeText: { field: 'rationale', label: 'Rationale' },
    status: rapidReviewStatus,
    recordMilestone,
    health: (s) => caseHealthOf('rapid-review', s.deadlines, { completed: false, onHold: false }),
    view: rapidReviewView,
    answer: (s) => ({
      reference: s.reference,
      stage: s.stage,
      state: s.state,
      milestones: s.milestones,
      ...(s.outcome ? { outcome: s.outcome } : {}),
      ...(s.practiceReview ? { practiceReview: s.practiceReview } : {}),
      owed: s.owed ?? [],
      ...(s.openActions ? { openActions: s.openActions } : {}),
    }),
  }),
  'practice-review': reviewEntry<PracticeReviewStatus, PracticeMilestoneInput>({
    milestoneBody: PracticeMilestoneBody,
    freeText: { field: 'justification', label: 'Justification' },
    status: practiceReviewStatus,
    recordMilestone: recordPracticeMilestone,
    health: (s) => s.health,
    view: (s) => practiceReviewView(s.reference, s),
  }),
};

/** A process of the one shape, asked through processMessages: its health from the one case-health function. */
function shapedCalls(process: ShapedProcess, shape: ProcessShape): WorkflowCalls {
  const messages = processMessages(process);
  return workflowCalls({
    milestoneBody: shape.milestoneBody,
    status: messages.status,
    recordMilestone: messages.recordMilestone,
    health: (s) => caseHealthOf(process, s.deadlines, { completed: s.state === 'completed', onHold: false }),
    view: (s) => shape.view(s),
  });
}

/** Role names in a domain entry are checked once, when the registry loads: a misspelt one stops the app rather than granting nobody. */
function rolesOf(process: ProcessName, names: readonly string[] | undefined): readonly Role[] | undefined {
  const unknown = names?.find((n) => !isRole(n));
  if (unknown !== undefined) throw new Error(`process '${process}': milestoneRoles names '${unknown}', which is not a role`);
  return names as readonly Role[] | undefined;
}

function entryOf(process: ProcessName): ProcessEntry {
  const { shape, ...definition } = PROCESS_DEFINITIONS[process];
  if (!shape) return { ...definition, ...REVIEWS[process as Exclude<ProcessName, ShapedProcess>] };
  const shaped = process as ShapedProcess;
  const roles = rolesOf(shaped, shape.milestoneRoles);
  const { milestoneBody, freeText, timelineKey, startedOnItsOwn } = shape;
  return { ...definition, milestoneBody, freeText, timelineKey, ...(roles ? { milestoneRoles: roles } : {}), ...(startedOnItsOwn ? { startedOnItsOwn } : {}), ...shapedCalls(shaped, shape) };
}

export const PROCESSES = Object.fromEntries(PROCESS_NAMES.map((p) => [p, entryOf(p)])) as Record<ProcessName, ProcessEntry>;

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
