/**
 * What a rapid review's workflow is started with, by the API and by the start reconciler alike. The
 * case row (with the protected pseudonym) is written first, in stage `starting`; then the workflow
 * is started (worker/case-start.ts). A case left `starting` (its process died in between) is
 * finished by `reconcileStarts` with the same input, so every case gets its workflow.
 */
import { defaultPayloadConverter, type Client } from '@temporalio/client';
import type { WorkingCalendar } from '../domain/calendar';
import type { ReminderLadder } from '../domain/reminders';
import type { RuleSet } from '../domain/rules';
import type { RapidReviewInput } from '../workflows/definitions';

export interface RapidReviewStarter {
  temporal: Client;
  taskQueue: string;
  /** True where the Temporal server has this project's search attributes registered. */
  searchAttributes: boolean;
}

export interface RapidReviewSettings {
  calendar: () => WorkingCalendar;
  ruleSet: (awareOn: string) => RuleSet;
  ladder?: ReminderLadder | undefined;
  partnership?: string | undefined;
}

/** What every review's input takes from the partnership's settings: the rules in force when it became aware, its calendar, ladder and name. */
export function partnershipTerms(settings: RapidReviewSettings, awareOn: string): Pick<RapidReviewInput, 'ruleSet' | 'calendar' | 'ladder' | 'partnership'> {
  return {
    ruleSet: settings.ruleSet(awareOn),
    calendar: settings.calendar(),
    ...(settings.ladder ? { ladder: settings.ladder } : {}),
    ...(settings.partnership ? { partnership: settings.partnership } : {}),
  };
}

/** The workflow's input for a case: the same from the API and from the reconciler. */
export function rapidReviewInput(settings: RapidReviewSettings, started: { reference: string; awareOn: string }): RapidReviewInput {
  return { reference: started.reference, awareOn: started.awareOn, ...partnershipTerms(settings, started.awareOn) };
}

/**
 * True when the running workflow with this ID was started for the same case (reference and awareOn).
 * A start whose answer was lost as the Temporal server died can leave such a workflow with no case
 * row (the request could not tell it had started, so it removed its row); a retry of that start
 * adopts the workflow rather than refusing it as a clash. Read from the history's first event, so no
 * worker need be running.
 */
export async function runningForSameCase(temporal: Client, workflowId: string, input: Pick<RapidReviewInput, 'reference' | 'awareOn'>): Promise<boolean> {
  try {
    const handle = temporal.workflow.getHandle(workflowId);
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING') return false;
    const history = await handle.fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    if (!payload) return false;
    const started = defaultPayloadConverter.fromPayload<Partial<RapidReviewInput>>(payload);
    return started.reference === input.reference && started.awareOn === input.awareOn;
  } catch {
    return false;
  }
}
