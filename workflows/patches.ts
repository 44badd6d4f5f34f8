/**
 * Every id passed to `patched()`, named once: why the command sequence changed, when, and the
 * recorded histories (tests/replay/histories) that took the new path. The ids are written into the
 * histories of running workflows: never rename or reuse one. A new patch goes here with a history
 * of its new path (tests/replay/record.test.ts); tests/replay/replay.test.ts checks that each id has
 * one.
 */

/**
 * Rapid reviews started before the full lifecycle keep their two milestones and end at submission
 * (3b9cc64, 25 Nov 2026). Old path: rapid-review-v1-*.
 */
export const LIFECYCLE_PATCH = 'rapid-review-lifecycle';
/** Rapid reviews started before the outcome's follow-up was tracked end at the outcome (18e91ad, 25 Nov 2026). Old path: rapid-review-v2-*. */
export const FOLLOW_UP_PATCH = 'rapid-review-follow-up';
/**
 * An LCSPR outcome recorded while the loop was saving the milestone before it (inside flush) used to
 * close the case without starting its practice review; now the loop goes round once more to start
 * it. Histories that closed that way replay as they ran (27e5db6, 4 Dec 2026).
 */
export const LCSPR_DURING_FLUSH_PATCH = 'rapid-review-lcspr-during-flush';

/**
 * A practice review whose action plan completes starts the QAPP group's learning-embedded audit as
 * a child workflow and closes when it completes. Reviews closed before this kept the email hand-off
 * (796b529, 25 Nov 2026; old path: practice-review-paused-deferred-published-closed).
 */
export const LEARNING_AUDIT_PATCH = 'practice-review-learning-audit';
/** A practice review under any case reference scheme names its learning audit with a valid audit reference (1c93002, 4 Dec 2026). */
export const LEARNING_AUDIT_REFERENCE_PATCH = 'learning-audit-reference-any-scheme';
/**
 * A hold moves only the deadlines running while it lasted (domain/practice-review.ts
 * holdsMoveOnlyRunningDeadlines). It changes due dates and so the reminders' timers; reviews
 * started before it keep the dates they were recorded with (b761d75, 4 Dec 2026).
 */
export const HOLDS_SHIFT_RUNNING_DEADLINES_PATCH = 'holds-shift-running-deadlines';
/**
 * In a review started before HOLDS_SHIFT_RUNNING_DEADLINES_PATCH, a publication deferral lifted
 * with a new publication date moved T8 a second time (7 Jul 2027 for a 30 Jun publication). From the
 * lift on, such a review marks the deferral as allowed for by the new date; lifts recorded before this
 * patch replay as they ran (4ec16a7, 4 Dec 2026).
 */
export const REPLAN_ALLOWS_FOR_DEFERRAL_PATCH = 'replan-allows-for-deferral';

/**
 * Persist, then send. Before it, the main loop sent the outbox (retrying while the relay was down)
 * before writing the read model, and each update handler waited for that write; and a reminder
 * batch of an audit or QAPP cycle held the loop until the relay took it (d055d71, 4 Dec 2026).
 */
export const PERSIST_BEFORE_NOTICES_PATCH = 'persist-before-notices';
/**
 * The emails queued by one write go out together, in one activity through one SMTP connection (a
 * case's 09:00 reminders), and their timeline entries are written once. Before it, each was an
 * activity of its own, one after another, each followed by a write (98fcc72, 5 Dec 2026).
 */
export const NOTICES_SENT_TOGETHER_PATCH = 'notices-sent-together';

/**
 * Issue 17: history is recorded, never replayed at people. A suspension moves the audit only by the
 * days it was open and suspended; ladder steps that passed before the audit (or an action) was
 * entered are not sent, one catch-up stands for them if the date itself had passed (58f18ac, 4 Dec 2026).
 */
export const QA_HISTORY_QUIET_PATCH = 'qa-history-quiet';
/** The last milestone's update answers its caller before the audit ends, rather than racing the end (843dad9, 4 Dec 2026). */
export const AUDIT_ENDS_AFTER_HANDLERS_PATCH = 'audit-ends-after-handlers';
/** The QAPP cycle's controls are written to the read model (QappControl) with its meetings, so the annual report reads them without the workflow (96dfdae, 4 Dec 2026). */
export const QAPP_CONTROLS_RECORDED_PATCH = 'qapp-controls-recorded';

/**
 * The read model keeps the Executive Group cycle's deadlines (the next papers deadline, its
 * actions), and the cycle wakes when the papers deadline moves on, to write the next one: a timer
 * where none was (caab445, 5 Dec 2026).
 */
export const EXECUTIVE_DEADLINES_PATCH = 'executive-deadlines-in-read-model';

/**
 * Audits, QAPP cycles and the digest honour the server's continue-as-new suggestion, so a run
 * recorded before they did, whose history had grown past the suggestion without handing over,
 * still replays (6f977c6, 5 Dec 2026).
 */
export const CONTINUE_AS_NEW_WHEN_SUGGESTED_PATCH = 'continue-as-new-when-suggested';
