/**
 * What crosses between workflows, activities and the API: the processes, their workflow IDs (built
 * from business references only, never personal data) and the snapshot a workflow writes to the read
 * model. Plain JSON and pure TypeScript, so the workflow sandbox can import it.
 */
import type { IsoDate } from './dates';
import type { Deadline, DeadlineVerdict } from './deadlines';
import type { AllowedMilestone } from './milestones';
import type { Notice } from './notices';
import { PROCESS_DEFINITIONS, type ProcessName, type ShapedProcess } from './processes';
import { referenceToSafe } from './reference-safe';

export { PROCESS_NAMES, type ProcessName } from './processes';

// Every workflow ID the engine starts or looks up, from the business reference.
export const workflowIdFor = (process: ProcessName, reference: string) => `${process}:${referenceToSafe(reference)}`;
export const auditWorkflowId = (reference: string) => `audit:${reference}`;
export const qappWorkflowId = (partnership: string) => `qapp-cycle:${partnership}`;
export const digestWorkflowId = (partnership: string) => `executive-digest:${partnership}`;
export const importSummaryWorkflowId = (importId: string) => `import-summary:${importId}`;

/** `executive-cycle` -> `executiveCycle`: a process's workflow is exported to the bundle (workflows/index.ts) under this name. */
export type WorkflowTypeOf<P extends string> = P extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<WorkflowTypeOf<Tail>>}` : P;
export const workflowTypeFor = <P extends ProcessName>(process: P) => process.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as WorkflowTypeOf<P>;

/**
 * The names of a process's status query and milestone update (defined once, for every process of
 * the one shape, by processMessages in workflows/definitions.ts). Names are per workflow type, so
 * every new process answers to `recordMilestone`; a process whose running workflows answer to an
 * older name keeps it in its entry (`recordMilestoneUpdate`).
 */
export function processMessageNames(process: ShapedProcess): { status: string; recordMilestone: string } {
  return { status: `${workflowTypeFor(process)}Status`, recordMilestone: PROCESS_DEFINITIONS[process].shape?.recordMilestoneUpdate ?? 'recordMilestone' };
}

/** What a process's status query answers, at least: the generic half of its API reads these (api/processes.ts). */
export interface ProcessStatus {
  reference: string;
  stage: string;
  state: 'open' | 'completed';
  deadlines: DeadlineView[];
  /** What its milestone update would accept now (domain/milestones.ts AllowedMilestone). */
  allowedNext?: AllowedMilestone[];
}

/** A deadline with its verdict on the day asked about (domain/deadlines.ts deadlineStatus). */
export interface DeadlineView extends Deadline, DeadlineVerdict {
  metOn?: IsoDate;
}

export interface TimelineEntry {
  /** Stable per event, so a retried or replayed write records it once. */
  key: string;
  occurredOn: IsoDate;
  kind: string;
  summary: string;
  actor?: string;
}

export interface CaseSnapshot {
  reference: string;
  process: ProcessName;
  workflowId: string;
  stage: string;
  state: 'open' | 'completed';
  awareOn: IsoDate;
  ruleSetId: string;
  calendarVersion: string;
  /** Increases with every change; an older snapshot arriving late never overwrites a newer one. */
  revision: number;
  deadlines: DeadlineView[];
  timeline: TimelineEntry[];
  /** A practice review's rapid review: its row inherits the protected pseudonym from there. */
  parentReference?: string;
  /** On hold (paused or publication deferred). */
  paused?: boolean;
  /** Emails queued since the last snapshot, recorded as pending before they are sent. */
  queuedEmails?: QueuedEmail[];
}

export type QueuedEmail = Pick<Notice, 'key' | 'kind' | 'subject' | 'to' | 'toAddresses'>;
