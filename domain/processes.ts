/**
 * The pure half of the process registry (api/processes.ts adds the workflow calls): the processes a
 * case can run, and what the read model, the deadline preview and the case health need to know of
 * each. ProcessName is read from this record's keys, so every other list of processes (keyed by
 * ProcessName) fails to compile until it has the new entry.
 */
import { PRACTICE_REVIEW_MILESTONES } from './practice-review';
import { RAPID_REVIEW_MILESTONES } from './rapid-review';
import type { RuleId } from './rules';

export interface ProcessDefinition {
  /** In words, as a sentence uses it. */
  title: string;
  /** The role that owes a case's next step (the dashboard and the case list). */
  owner: 'cspr-chair' | 'reviewer';
  /** The statutory timescales the deadline preview counts (domain/rules.ts). */
  previewRules: readonly RuleId[];
  /** The deadline whose verdict says whether the case finished in time (domain/case-health.ts). */
  finishDeadline: string;
  /** Every milestone, in order. */
  milestones: readonly string[];
}

export const PROCESS_DEFINITIONS = {
  'rapid-review': { title: 'rapid review', owner: 'cspr-chair', previewRules: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'], finishDeadline: 'rapid-review', milestones: RAPID_REVIEW_MILESTONES },
  'practice-review': { title: 'practice review', owner: 'reviewer', previewRules: ['T7', 'T8', 'T9', 'T10', 'T11'], finishDeadline: 'completion', milestones: PRACTICE_REVIEW_MILESTONES },
} satisfies Record<string, ProcessDefinition>;

export type ProcessName = keyof typeof PROCESS_DEFINITIONS;
export const PROCESS_NAMES = Object.keys(PROCESS_DEFINITIONS) as ProcessName[];
