/**
 * What every long-running workflow does the same way, whatever its process: activity options
 * defined once, the revision counter behind "answer once the read model shows the change", the
 * sleep towards the next scheduled moment (never a daily wake-up) and the hand-over to a fresh
 * history (continue-as-new). workflows/case-runtime.ts builds the reviews' timeline, outbox and
 * persist on it; the audits, the QAPP cycle, the Executive Group's cycle and the weekly digest use
 * it directly.
 * Nothing here issues a command of its own: moving a workflow onto it keeps its command order.
 */
import type { UpdateDefinition, Workflow } from '@temporalio/common';
import { allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo, type ActivityOptions, type RetryPolicy } from '@temporalio/workflow';
import { CONTINUE_AS_NEW_WHEN_SUGGESTED_PATCH } from './patches';

const RETRY_UNTIL_DELIVERED: RetryPolicy = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['InvalidNotice'] };

export const ACTIVITY_OPTIONS = {
  /** One read-model write or one email. */
  step: { startToCloseTimeout: '30 seconds', retry: RETRY_UNTIL_DELIVERED },
  /** A batch: many emails, or an audit's or QAPP cycle's writes and launches. */
  batch: { startToCloseTimeout: '2 minutes', retry: RETRY_UNTIL_DELIVERED },
  /** The weekly digest reads the whole read model: fewer, slower retries. */
  digest: { startToCloseTimeout: '2 minutes', retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' } },
} as const satisfies Record<string, ActivityOptions>;

/**
 * Every change raises the revision; a write records the revision it carried. A run continued as new
 * carries on from its last written revision, or (`writeFirst`: the audits and the QAPP cycle) from a
 * revision it writes before anything else.
 */
export function revisions(carried?: number, { writeFirst = false }: { writeFirst?: boolean } = {}) {
  let current = carried ?? 0;
  let persisted = writeFirst ? current - 1 : (carried ?? -1);
  return {
    get current() {
      return current;
    },
    changed() {
      current += 1;
    },
    /** Changes the read model does not show yet. */
    unpersisted: () => persisted < current,
    recordPersisted(target: number) {
      persisted = Math.max(persisted, target);
    },
    /** True once the read model shows revision `target`. */
    shows: (target: number) => persisted >= target,
    /** Resolves once the read model shows every change made so far, so a handler's caller reads its own write. */
    async persistedNow(): Promise<void> {
      const mine = current;
      await condition(() => persisted >= mine);
    },
  };
}

/**
 * Sleeps until `atMs`, or until `wake` holds (true when woken). With nothing scheduled it waits
 * without a timer, or, for workflows that recorded one, behind a ten-year timer.
 */
export async function sleepUntil(atMs: number | undefined, wake: () => boolean, nothingScheduled: 'no-timer' | 'ten-year-timer' = 'no-timer'): Promise<boolean> {
  if (atMs === undefined) return nothingScheduled === 'no-timer' ? (await condition(wake), true) : condition(wake, '3650 days');
  return condition(wake, Math.max(0, atMs - Date.now()));
}

/** An update's validator from its refusal rule: the reason is thrown, so the change is rejected before it enters history and the API answers 409 with it. */
export function refusedBy<A extends unknown[]>(refusal: (...args: A) => string | undefined): (...args: A) => void {
  return (...args) => {
    const reason = refusal(...args);
    if (reason) throw new Error(reason);
  };
}

/**
 * A change a person records: refused by its rule, else applied and answered once the read model
 * shows it (`persisted`), so the caller reads its own write.
 */
export function setRecordedUpdate<Ret, Arg>(
  update: UpdateDefinition<Ret, [Arg]>,
  change: { refusal: (arg: Arg) => string | undefined; apply: (arg: Arg) => void },
  answer: () => Ret,
  persisted: () => Promise<void>,
): void {
  setHandler(
    update,
    async (arg) => {
      change.apply(arg);
      await persisted();
      return answer();
    },
    { validator: refusedBy(change.refusal) },
  );
}

/**
 * When a long-lived workflow hands over to a fresh history, keeping replay fast (FACTS.md): its own
 * natural boundary, or the server's suggestion that the history has grown large.
 */
export interface ContinueAsNewPolicy {
  /** The workflow's own boundary: a history length, the end of a meeting rotation, a quarter of digests. */
  due: () => boolean;
  /** Settles what the run still owes (writes, emails in flight) before it hands over; every handler finishes too. */
  drain?: () => Promise<void>;
  /** Without `drain`: hands over only on a turn on which this holds and every handler has finished, else the loop goes round again. */
  settledNow?: () => boolean;
  /**
   * 'always' for a workflow that honoured the server's suggestion from its first version. Others
   * honour it only behind CONTINUE_AS_NEW_WHEN_SUGGESTED_PATCH, so a run recorded before they did,
   * whose history had grown past the suggestion without handing over, still replays.
   */
  honoursSuggestion?: 'always';
}

/**
 * Continues as new with the state `carry` gives, once the policy says so and nothing is left
 * unanswered (an update's caller would otherwise get "workflow continued as new" instead of its
 * answer). Returns, having issued no command, when it is not yet time.
 */
export async function continueAsNewWhen<F extends Workflow>(policy: ContinueAsNewPolicy, carry: () => Parameters<F>[0]): Promise<void> {
  const suggested = () => workflowInfo().continueAsNewSuggested && (policy.honoursSuggestion === 'always' || patched(CONTINUE_AS_NEW_WHEN_SUGGESTED_PATCH));
  if (!policy.due() && !suggested()) return;
  if (policy.drain) {
    await policy.drain();
    await condition(allHandlersFinished);
  } else if (!allHandlersFinished() || !(policy.settledNow?.() ?? true)) return;
  await continueAsNew<F>(...([carry()] as Parameters<F>));
}
