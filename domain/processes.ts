/**
 * The pure half of the process registry (api/processes.ts adds the workflow calls): the processes a
 * case can run, and what the read model, the deadline preview and the case health need to know of
 * each. ProcessName is read from this record's keys, so every other list of processes (keyed by
 * ProcessName) fails to compile until it has the new entry.
 */
import { EXECUTIVE_MILESTONES } from './executive-cycle';
import { PRACTICE_REVIEW_MILESTONES } from './practice-review';
import { RAPID_REVIEW_MILESTONES } from './rapid-review';
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
}

const DEFINITIONS = {
  'rapid-review': { title: 'rapid review', owner: 'cspr-chair', previewRules: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'], finishDeadline: 'rapid-review', milestones: RAPID_REVIEW_MILESTONES },
  'practice-review': { title: 'practice review', owner: 'reviewer', previewRules: ['T7', 'T8', 'T9', 'T10', 'T11'], finishDeadline: 'completion', milestones: PRACTICE_REVIEW_MILESTONES, commissionedBy: 'T7' },
  'executive-cycle': { title: 'Executive Group meeting cycle', owner: 'executive', previewRules: [], finishDeadline: 'none', milestones: EXECUTIVE_MILESTONES },
} satisfies Record<string, ProcessDefinition>;

export type ProcessName = keyof typeof DEFINITIONS;
export const PROCESS_DEFINITIONS: Record<ProcessName, ProcessDefinition> = DEFINITIONS;
export const PROCESS_NAMES = Object.keys(PROCESS_DEFINITIONS) as ProcessName[];

/** A read-model row's process as a registry name; a row of a process the registry lacks is a fault, not a request error. */
export function processNamed(process: string): ProcessName {
  if (!Object.hasOwn(PROCESS_DEFINITIONS, process)) throw new Error(`process '${process}' has no entry in the process registry`);
  return process as ProcessName;
}
