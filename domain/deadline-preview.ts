/**
 * Every deadline of a process for given event dates, without starting anything: lets a chair check
 * a date before committing to it.
 */
import type { WorkingCalendar } from './calendar';
import type { IsoDate } from './dates';
import { computeDeadline, type Deadline } from './deadlines';
import { PROCESS_NAMES, type ProcessName } from './contracts';
import { PROCESS_DEFINITIONS } from './processes';
import type { RuleId, RuleSet } from './rules';

/** The rules a preview counts: each process's from the registry, and the annual report's (a yearly duty, not a case). */
const rulesOf = (process: PreviewProcess): readonly RuleId[] => (process === 'annual-report' ? ['T12'] : PROCESS_DEFINITIONS[process].previewRules);
export type PreviewProcess = ProcessName | 'annual-report';
export const PREVIEW_PROCESSES = [...PROCESS_NAMES, 'annual-report'] as const;

/**
 * The decision to hold a local review (T5 counts from it) is the decision to initiate it (T7's six
 * months count from it): one event under two names, so a preview given either name counts both.
 */
const SAME_EVENT: Partial<Record<string, string>> = { 'lcspr-decision': 'decision-to-initiate', 'decision-to-initiate': 'lcspr-decision' };

export interface PreviewResult {
  deadlines: Deadline[];
  /** Rules of the process with no date to count from, and the event each one needs. */
  needs: { ruleId: RuleId; title: string; event: string }[];
}

export function previewDeadlines(args: { process: PreviewProcess; events: Partial<Record<string, IsoDate>>; ruleSet: RuleSet; calendar: WorkingCalendar }): PreviewResult {
  const { ruleSet, calendar, events } = args;
  const deadlines: Deadline[] = [];
  const needs: PreviewResult['needs'] = [];
  for (const id of rulesOf(args.process)) {
    const rule = ruleSet.rules[id];
    if (rule.count.unit === 'none') continue;
    const event = id === 'T4' && ruleSet.rapidReviewClockStart === 'notification-sent' ? 'notification-sent' : rule.clockStart;
    const date = events[event] ?? events[SAME_EVENT[event] ?? ''];
    if (!date) {
      needs.push({ ruleId: id, title: rule.title, event });
      continue;
    }
    deadlines.push(computeDeadline({ key: id, rule, ruleSetId: ruleSet.id, start: { event, date }, calendar }));
  }
  return { deadlines, needs };
}
