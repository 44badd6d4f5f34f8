/**
 * The process registry: the processes a case can run, and what the read model, the deadline
 * preview, the case health, the routes, OpenAPI and the pages need to know of each. ProcessName is
 * read from this record's keys, so every other list of processes (keyed by ProcessName) fails to
 * compile until it has the new entry. A process of the one shape (`shape`) has its API half derived
 * from its entry (api/processes.ts); the two review workflows, older than the shape, add theirs there.
 */
import type { z } from 'zod';
import type { WorkingCalendar } from './calendar';
import type { ProcessStatus } from './contracts';
import { EXECUTIVE_CYCLE_PROCESS } from './executive-cycle';
import type { PageField } from './form-fields';
import { PRACTICE_REVIEW_MILESTONES } from './practice-review';
import { RAPID_REVIEW_MILESTONES } from './rapid-review';
import type { ReminderLadder } from './reminders';
import type { RuleId } from './rules';

export interface ProcessDefinition {
  /** In words, as a sentence uses it. */
  title: string;
  /** The role that owes a case's next step (the dashboard and the case list). */
  owner: 'cspr-chair' | 'reviewer' | 'executive';
  /** The statutory timescales the deadline preview counts (domain/rules.ts); none for a process no statute times. */
  previewRules: readonly RuleId[];
  /** The deadline whose verdict says whether the case finished in time (domain/case-health.ts). */
  finishDeadline: string;
  /** Every milestone, in order. */
  milestones: readonly string[];
  /** The rule whose clock starts at the commissioning (the case list's commissionedOn), for a process commissioned by another. */
  commissionedBy?: RuleId;
  /** A process of the one shape: everything its API needs beyond the title and milestones. */
  shape?: ProcessShape;
}

/** A discriminated union on `milestone`, one member (or one union of members) per milestone. */
export type MilestoneSchema = z.ZodType & { options: readonly z.ZodType[] };

/**
 * A process whose workflow answers the one status query and milestone update (processMessages in
 * workflows/definitions.ts, named by processMessageNames in domain/contracts.ts): its reads, its
 * milestone route, its access rule and its OpenAPI entries are derived from this.
 */
export interface ProcessShape {
  /** The body of POST /api/cases/{ref}/milestones for this process. */
  milestoneBody: MilestoneSchema;
  /** Free text a milestone body may carry beside `note`: kept only in the protected timeline note, under this label. */
  freeText: { field: string; label: string };
  /** Who may record its milestones (role names of api/auth/principal.ts), where narrower than the route's own rule. */
  milestoneRoles?: readonly string[];
  /** The timeline key a recorded milestone is written under (its protected note is attached by it). */
  timelineKey(body: { milestone: string } & Record<string, unknown>): string;
  /** Its status as the API answers it (`live` in the case answer, and its own routes). */
  view(status: ProcessStatus): Record<string, unknown>;
  /** The milestone update's name where running workflows answer to one older than `recordMilestone`. */
  recordMilestoneUpdate?: string;
  startedOnItsOwn?: StartedOnItsOwn;
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
 * navigation link (api/page-shells.ts) are generated from this. Its workflow is the bundle's export
 * named by workflowTypeFor (domain/contracts.ts).
 */
export interface StartedOnItsOwn {
  /** The collection under /api, e.g. `executive-cycles`. */
  path: string;
  /** The OpenAPI tag of its routes. */
  tag: string;
  body: z.ZodObject<{ reference: z.ZodType<string> } & z.ZodRawShape>;
  /** The workflow's one argument. */
  input(body: Record<string, unknown> & { reference: string }, ctx: StartContext): object;
  /** The live view (`view` above) as the document describes it. */
  viewSchema: z.ZodType;
  summaries: { start: string; read: string; milestone: string };
  /**
   * Its page: served at `page.path` with the module `api/pages/<page.script>`, linked in the navigation
   * as `page.nav`; `forms` gives the fields of each form it posts, by form id, from the body schema (pageFields).
   */
  page?: { path: string; title: string; heading: string; script: string; nav: string; forms?: Record<string, () => PageField[]> };
}

const DEFINITIONS = {
  'rapid-review': { title: 'rapid review', owner: 'cspr-chair', previewRules: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'], finishDeadline: 'rapid-review', milestones: RAPID_REVIEW_MILESTONES },
  'practice-review': { title: 'practice review', owner: 'reviewer', previewRules: ['T7', 'T8', 'T9', 'T10', 'T11'], finishDeadline: 'completion', milestones: PRACTICE_REVIEW_MILESTONES, commissionedBy: 'T7' },
  'executive-cycle': EXECUTIVE_CYCLE_PROCESS,
} satisfies Record<string, ProcessDefinition>;

export type ProcessName = keyof typeof DEFINITIONS;
/** The processes of the one shape; every other process adds its API half by hand in api/processes.ts. */
export type ShapedProcess = { [P in ProcessName]: (typeof DEFINITIONS)[P] extends { shape: ProcessShape } ? P : never }[ProcessName];
export const PROCESS_DEFINITIONS: Record<ProcessName, ProcessDefinition> = DEFINITIONS;
export const PROCESS_NAMES = Object.keys(PROCESS_DEFINITIONS) as ProcessName[];

/** A read-model row's process as a registry name; a row of a process the registry lacks is a fault, not a request error. */
export function processNamed(process: string): ProcessName {
  if (!Object.hasOwn(PROCESS_DEFINITIONS, process)) throw new Error(`process '${process}' has no entry in the process registry`);
  return process as ProcessName;
}
