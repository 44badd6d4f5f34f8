/**
 * The rapid review on Temporal's time-skipping server: weeks pass in seconds, and the test asserts
 * which reminders went out, when, and that they stop once milestones are recorded; then the
 * follow-up of a no-LCSPR or national review outcome until the case closes.
 * Activities are injected (in-memory); the server and the workflow code are real.
 */
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities';
import type { CaseSnapshot } from '../../domain/contracts';
import { addWorkingDaysDate, defaultCalendar } from '../../domain/calendar';
import { addCalendarDays, dayOfWeek } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES } from '../../domain/rules';
import { rapidReview } from '../../workflows';
import { rapidReviewStatus, recordMilestone, type MilestoneInput, type RapidReviewInput } from '../../workflows/definitions';
import { uniqueReference } from '../support/temporal';
import { advanceToNextWorkingMonday, runWithWorker, type SentNotice, useTimeSkippingServer } from '../support/workflow-suite';

let env: TestWorkflowEnvironment;
useTimeSkippingServer((started) => (env = started));

function recordingActivities() {
  const sent: SentNotice[] = [];
  const snapshots: CaseSnapshot[] = [];
  const activities: Activities = {
    async persistCase(snapshot) {
      snapshots.push(snapshot);
    },
    async sendNotice(notice) {
      sent.push({ ...notice, sentAtMs: Context.current().info.currentAttemptScheduledTimestampMs });
      return { messageId: `<${notice.key}>`, outcome: 'sent' };
    },
    async sendNoticesTogether(notices) {
      for (const notice of notices) sent.push({ ...notice, sentAtMs: Context.current().info.currentAttemptScheduledTimestampMs });
      return notices.map((n) => ({ key: n.key, outcome: 'sent' as const }));
    },
  };
  return { sent, snapshots, activities };
}

const withWorker = <T>(activities: Activities, taskQueue: string, fn: () => Promise<T>): Promise<T> => runWithWorker(env, activities, taskQueue, fn);

const input = (reference: string, awareOn: string): RapidReviewInput => ({ reference, awareOn, ruleSet: STANDARD_RULES, calendar: defaultCalendar() });
const londonDay = (ms: number) => utcToLondonDate(ms);

test('reminders go out on working days at 09:00 and stop once each milestone is recorded', async () => {
  const { sent, snapshots, activities } = recordingActivities();
  const taskQueue = `rr-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const monday = await advanceToNextWorkingMonday(env);
    const reference = uniqueReference('RR');
    const handle = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [input(reference, monday)] });

    const initial = await handle.query(rapidReviewStatus);
    const notification = initial.deadlines.find((d) => d.key === 'notification')!;
    const rapid = initial.deadlines.find((d) => d.key === 'rapid-review')!;
    expect(notification.sentence).toMatch(/^due .*: 5 working days after/);

    // Through to the day after the notification deadline, with no notification recorded.
    const dayAfterNotificationDue = Date.parse(`${addCalendarDays(notification.due, 1)}T12:00:00Z`);
    await env.sleep(dayAfterNotificationDue - (await env.currentTimeMs()));
    const notificationMail = sent.filter((n) => n.key.includes(':notification:'));
    expect(notificationMail.map((n) => n.kind)).toEqual(['reminder', 'reminder', 'reminder', 'overdue']);
    for (const n of notificationMail) {
      expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(londonDay(n.sentAtMs)));
      // 09:00 London is 09:00Z in winter and 08:00Z in summer.
      expect([8, 9]).toContain(new Date(n.sentAtMs).getUTCHours());
    }
    expect(londonDay(notificationMail[2]!.sentAtMs)).toBe(notification.due);
    expect(notificationMail.every((n) => !n.subject.includes('Child') && n.subject.includes(reference))).toBe(true);

    // Since the full lifecycle (issue 4) the notification follows a recorded notification decision.
    await handle.executeUpdate(recordMilestone, { args: [{ milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: false, occurredOn: londonDay(await env.currentTimeMs()), recordedBy: 'cspr-chair@test' }] });
    await handle.executeUpdate(recordMilestone, { args: [{ milestone: 'notification-sent', occurredOn: londonDay(await env.currentTimeMs()), recordedBy: 'cspr-chair@test' }] });
    const countAfterNotification = sent.filter((n) => n.key.includes(':notification:')).length;

    // Three more weeks: no more notification reminders; the rapid review ones arrive and turn overdue.
    await env.sleep('21 days');
    expect(sent.filter((n) => n.key.includes(':notification:'))).toHaveLength(countAfterNotification);
    const rapidMail = sent.filter((n) => n.key.includes(':rapid-review:'));
    expect(rapidMail.slice(0, 4).map((n) => n.kind)).toEqual(['reminder', 'reminder', 'reminder', 'overdue']);
    expect(londonDay(rapidMail[2]!.sentAtMs)).toBe(rapid.due);
    expect(new Set(sent.map((n) => n.key)).size).toBe(sent.length);

    // Since the full lifecycle (issue 4) submission needs partners told, the meeting and sign-off, and
    // the case goes on after submission; since the follow-up is tracked, a national review case
    // closes when the Panel publishes.
    const on = londonDay(await env.currentTimeMs());
    for (const m of [
      { milestone: 'partners-told' },
      { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: on }] },
      { milestone: 'rapid-review-meeting-held' },
      { milestone: 'partner-sign-off' },
      { milestone: 'rapid-review-submitted', recommendation: 'national-review' },
      { milestone: 'panel-response', nationalReview: true },
      { milestone: 'outcome-decided', outcome: 'national-review' },
      { milestone: 'national-review-published' },
    ] as const) {
      await handle.executeUpdate(recordMilestone, { args: [{ ...m, occurredOn: on, recordedBy: 'cspr-chair@test' } as MilestoneInput] });
    }
    const result = await handle.result();
    expect(result.state).toBe('completed');
    expect(result.stage).toBe('national-review');
    // Submitted after it turned overdue: met late (issue 11), not met.
    expect(result.deadlines.find((d) => d.key === 'rapid-review')?.status).toBe('met-late');
    const last = snapshots.at(-1)!;
    expect(last.state).toBe('completed');
    expect(last.revision).toBe(Math.max(...snapshots.map((s) => s.revision)));
  });
});

test('a wrong, duplicate or future milestone is refused before it enters history', async () => {
  const { activities } = recordingActivities();
  const taskQueue = `rr-${uniqueReference()}`;
  // Terminated once its worker has stopped: a workflow task still in flight when the workflow is
  // terminated leaves the Java time-skipping server unable to skip time for the next test.
  const handle = await withWorker(activities, taskQueue, async () => {
    const today = londonDay(await env.currentTimeMs());
    const reference = uniqueReference('RF');
    const handle = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [input(reference, today)] });
    const refusal = async (milestone: 'notification-sent' | 'rapid-review-submitted', occurredOn: string) => {
      const err = await handle.executeUpdate(recordMilestone, { args: [{ milestone, occurredOn, recordedBy: 'x' }] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return (err as WorkflowUpdateFailedError).cause?.message;
    };
    expect(await refusal('rapid-review-submitted', today)).toBe("'rapid-review-submitted' cannot be recorded before 'partner-sign-off', 'notification-sent', 'partners-told'");
    expect(await refusal('notification-sent', today)).toBe("'notification-sent' cannot be recorded before 'notification-decision'");
    await handle.executeUpdate(recordMilestone, { args: [{ milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: false, occurredOn: today, recordedBy: 'x' }] });
    expect(await refusal('notification-sent', addCalendarDays(today, 3))).toMatch(/is in the future/);
    expect(await refusal('notification-sent', addCalendarDays(today, -1))).toMatch(/before the local authority became aware/);
    await handle.executeUpdate(recordMilestone, { args: [{ milestone: 'notification-sent', occurredOn: today, recordedBy: 'x' }] });
    expect(await refusal('notification-sent', today)).toBe("'notification-sent' was already recorded");

    const history = await handle.fetchHistory();
    const accepted = history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    expect(accepted).toHaveLength(2);
    return handle;
  });
  await handle.terminate('test over');
});

/**
 * Each test from here on runs on a time-skipping server of its own. After the tests above, the Java
 * server sometimes stops skipping time (the next env.sleep never returns although every workflow is
 * idle; seen after the persist-before-notices and issue 11 changes met, order-dependent, cause not
 * found), so these tests start from a fresh server rather than inherit its state.
 */
function isolatedTest(name: string, fn: () => Promise<void>, timeout?: number): void {
  describe(name, () => {
    useTimeSkippingServer((started) => (env = started));
    test(name, fn, timeout);
  });
}

isolatedTest('a case entered with its deadlines already past sends one status message, not every missed reminder', async () => {
  const { sent, activities } = recordingActivities();
  const taskQueue = `rr-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const today = londonDay(await env.currentTimeMs());
    const reference = uniqueReference('LT');
    const handle = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [input(reference, addCalendarDays(today, -40))] });
    const status = await handle.query(rapidReviewStatus);
    // Since issue 4 the partners' deadline (T2) runs too.
    expect(status.deadlines.map((d) => d.status)).toEqual(['overdue', 'overdue', 'overdue']);
    await env.sleep('1 hour');
    expect(sent.map((n) => n.kind)).toEqual(['status']);
    expect(sent[0]!.text).toContain('Overdue:');
    expect(sent[0]!.subject).toBe(`[${reference}] Status on entry: 3 deadlines already overdue`);
    await handle.terminate('test over');
  });
});

// ------------------------------------------------------------------------------------------------
// The follow-up of the outcome (version 3): an action plan when no local review is held, the local
// agencies' information for a national review led by the Panel.

const calendar = defaultCalendar();
type RapidReviewHandle = WorkflowHandle<typeof rapidReview>;
const record = (handle: RapidReviewHandle, m: Record<string, unknown>, occurredOn: string) =>
  handle.executeUpdate(recordMilestone, { args: [{ occurredOn, recordedBy: 'cspr-chair@test', ...m } as MilestoneInput] });
const refusalOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'accepted',
    (e: unknown) => (e instanceof WorkflowUpdateFailedError ? e.cause?.message : `not a refusal: ${String(e)}`),
  );

/** From the notification decision to the outcome, all on one day. */
async function throughToOutcome(handle: RapidReviewHandle, on: string, outcome: Record<string, unknown>, nationalReview = outcome.outcome === 'national-review') {
  for (const m of [
    { milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: false },
    { milestone: 'notification-sent' },
    { milestone: 'partners-told' },
    { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: on }] },
    { milestone: 'agency-summary-received', agency: 'police' },
    { milestone: 'rapid-review-meeting-held' },
    { milestone: 'partner-sign-off' },
    { milestone: 'rapid-review-submitted' },
    { milestone: 'panel-response', nationalReview },
  ]) {
    await record(handle, m, on);
  }
  return record(handle, { milestone: 'outcome-decided', ...outcome }, on);
}

async function sleepUntilNoon(day: string): Promise<string> {
  await env.sleep(Date.parse(`${day}T12:00:00Z`) - (await env.currentTimeMs()));
  return londonDay(await env.currentTimeMs());
}

isolatedTest('no LCSPR: each action is reminded on the ladder dates to its owner and the chair until it is completed, and the case closes with the last', async () => {
  const { sent, snapshots, activities } = recordingActivities();
  const taskQueue = `rr-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const monday = await advanceToNextWorkingMonday(env);
    const reference = uniqueReference('NL');
    const handle = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [input(reference, monday)] });
    const a1Due = addWorkingDaysDate(calendar, monday, 10);
    const a2Due = addWorkingDaysDate(calendar, monday, 20);
    const decided = await throughToOutcome(handle, monday, {
      outcome: 'no-lcspr',
      learningRoute: 'learning-briefing',
      actions: [
        { id: 'A1', owner: 'police', dueOn: a1Due },
        { id: 'A2', owner: 'health', dueOn: a2Due },
      ],
    });
    expect([decided.state, decided.stage, decided.version]).toEqual(['open', 'no-lcspr', 3]);
    expect(decided.openActions?.map((a) => a.id)).toEqual(['A1', 'A2']);
    expect(decided.owed).toEqual([
      { agency: 'police', dueOn: a1Due, what: 'Action A1', deadlineKey: 'action:A1' },
      { agency: 'health', dueOn: a2Due, what: 'Action A2', deadlineKey: 'action:A2' },
    ]);
    const a1 = decided.deadlines.find((d) => d.key === 'action:A1')!;
    expect([a1.title, a1.due, a1.status]).toEqual(['Action A1 (police)', a1Due, 'on-track']);
    expect(a1.sentence).toMatch(/^due .*: the date set on /);

    // To the day after A1 was due: 5 and 2 working days before, on the day, then overdue.
    const dayAfterA1 = await sleepUntilNoon(addCalendarDays(a1Due, 1));
    const a1Mail = sent.filter((n) => n.key.includes(':action:A1:'));
    expect(a1Mail.map((n) => [n.kind, londonDay(n.sentAtMs)])).toEqual([
      ['reminder', addWorkingDaysDate(calendar, a1Due, -5)],
      ['reminder', addWorkingDaysDate(calendar, a1Due, -2)],
      ['reminder', a1Due],
      ['overdue', addWorkingDaysDate(calendar, a1Due, 1)],
    ]);
    expect(a1Mail.every((n) => n.to.join() === 'agency-lead,cspr-chair')).toBe(true);
    expect((await handle.query(rapidReviewStatus)).deadlines.find((d) => d.key === 'action:A1')?.status).toBe('overdue');
    const afterA1 = await record(handle, { milestone: 'action-completed', actionId: 'A1' }, dayAfterA1);
    expect([afterA1.state, afterA1.openActions?.map((a) => a.id), afterA1.owed?.map((o) => o.deadlineKey)]).toEqual(['open', ['A2'], ['action:A2']]);

    // A2 runs on past its date into the weekly escalation, which also goes to the executive; A1 stays quiet.
    const escalatedOn = await sleepUntilNoon(addWorkingDaysDate(calendar, a2Due, 5));
    expect(sent.filter((n) => n.key.includes(':action:A1:'))).toHaveLength(4);
    const a2Mail = sent.filter((n) => n.key.includes(':action:A2:'));
    expect(a2Mail.map((n) => n.kind)).toEqual(['reminder', 'reminder', 'reminder', 'overdue', 'escalation']);
    expect(a2Mail.at(-1)!.to).toEqual(['agency-lead', 'cspr-chair', 'executive']);
    await record(handle, { milestone: 'action-completed', actionId: 'A2' }, escalatedOn);

    const result = await handle.result();
    expect([result.state, result.stage, result.openActions, result.owed]).toEqual(['completed', 'no-lcspr', [], []]);
    expect(result.deadlines.filter((d) => d.key.startsWith('action:')).map((d) => [d.key, d.metOn])).toEqual([
      ['action:A1', dayAfterA1],
      ['action:A2', escalatedOn],
    ]);
    const notices = sent.filter((n) => n.kind === 'notification' && n.key.includes(':notice:action-plan'));
    expect(notices.map((n) => [n.subject.replace(`[${reference}] `, ''), n.to.join()])).toEqual([
      ['Rapid review action plan (no local review)', 'agency-lead,cspr-chair'],
      ['Rapid review action plan complete', 'partners'],
    ]);
    expect(notices[1]!.text).toContain(`- A2: health, completed `);
    const timeline = snapshots.flatMap((sn) => sn.timeline);
    expect(timeline.find((e) => e.kind === 'action-plan-completed')).toMatchObject({ occurredOn: escalatedOn, summary: 'Action plan complete: all 2 action(s) done; the rapid review is closed' });
    expect(snapshots.at(-1)!.state).toBe('completed');
    expect(new Set(sent.map((n) => n.key)).size).toBe(sent.length);
  });
});

isolatedTest('national review: the local agencies are reminded of the information the Panel asked for, and publication closes the case even with some never supplied', async () => {
  const { sent, snapshots, activities } = recordingActivities();
  const taskQueue = `rr-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const monday = await advanceToNextWorkingMonday(env);
    const reference = uniqueReference('NR');
    const handle = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [input(reference, monday)] });
    const decided = await throughToOutcome(handle, monday, { outcome: 'national-review' });
    expect([decided.state, decided.stage, decided.owed, decided.openActions]).toEqual(['open', 'national-review', [], undefined]);
    const policeDue = addWorkingDaysDate(calendar, monday, 8);
    const healthDue = addWorkingDaysDate(calendar, monday, 12);
    const asked = await record(
      handle,
      {
        milestone: 'national-review-information-requested',
        agencies: [
          { agency: 'police', dueOn: policeDue },
          { agency: 'health', dueOn: healthDue },
        ],
      },
      monday,
    );
    expect(asked.owed?.map((o) => [o.agency, o.dueOn, o.what])).toEqual([
      ['police', policeDue, 'Information for the national review'],
      ['health', healthDue, 'Information for the national review'],
    ]);
    expect(asked.deadlines.find((d) => d.key === 'national-review-information:police')?.sentence).toMatch(/^due .*: the date set on /);

    const dayAfterPolice = await sleepUntilNoon(addCalendarDays(policeDue, 1));
    const policeMail = sent.filter((n) => n.key.includes(':national-review-information:police:'));
    expect(policeMail.map((n) => [n.kind, londonDay(n.sentAtMs)])).toEqual([
      ['reminder', addWorkingDaysDate(calendar, policeDue, -5)],
      ['reminder', addWorkingDaysDate(calendar, policeDue, -2)],
      ['reminder', policeDue],
      ['overdue', addWorkingDaysDate(calendar, policeDue, 1)],
    ]);
    expect(policeMail.every((n) => n.to.join() === 'agency-lead,cspr-chair')).toBe(true);
    await record(handle, { milestone: 'national-review-information-supplied', agency: 'police' }, dayAfterPolice);

    const dayAfterHealth = await sleepUntilNoon(addCalendarDays(healthDue, 1));
    expect(sent.filter((n) => n.key.includes(':national-review-information:police:'))).toHaveLength(4);
    expect(sent.filter((n) => n.key.includes(':national-review-information:health:')).map((n) => n.kind)).toEqual(['reminder', 'reminder', 'reminder', 'overdue']);
    await record(handle, { milestone: 'national-review-published' }, dayAfterHealth);

    const result = await handle.result();
    expect([result.state, result.stage, result.owed]).toEqual(['completed', 'national-review', []]);
    expect(result.deadlines.filter((d) => d.key.startsWith('national-review-information:')).map((d) => [d.key, d.metOn ?? null])).toEqual([
      ['national-review-information:police', dayAfterPolice],
      ['national-review-information:health', null],
    ]);
    const notices = sent.filter((n) => n.kind === 'notification' && n.key.includes(':notice:national-review'));
    expect(notices.map((n) => [n.subject.replace(`[${reference}] `, ''), n.to.join()])).toEqual([
      ['National review: information requested from local agencies', 'agency-lead'],
      ['National review published by the Panel', 'partners,executive'],
    ]);
    expect(notices[0]!.text).toContain(`- health: due `);
    expect(notices[1]!.text).toContain('Local information was never recorded as supplied by: health.');
    const timeline = snapshots.flatMap((sn) => sn.timeline);
    expect(timeline.find((e) => e.key === 'national-review-information-outstanding')?.summary).toBe(`Published without local information recorded as supplied by: health (due ${healthDue})`);
  });
});

isolatedTest('every refusal of the follow-up names its reason and none enters history', async () => {
  const { activities } = recordingActivities();
  const taskQueue = `rr-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const today = londonDay(await env.currentTimeMs());
    const awareOn = addCalendarDays(today, -10);
    const start = async (prefix: string) => {
      const reference = uniqueReference(prefix);
      return env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [input(reference, awareOn)] });
    };
    const plan = await start('RA');
    const national = await start('RN');
    expect(await refusalOf(record(plan, { milestone: 'action-completed', actionId: 'A1' }, today))).toBe("'action-completed' cannot be recorded before 'outcome-decided'");
    const twice = {
      outcome: 'no-lcspr',
      learningRoute: 'single-agency-learning',
      actions: [
        { id: 'A1', owner: 'police', dueOn: addCalendarDays(today, 20) },
        { id: 'A1', owner: 'health', dueOn: addCalendarDays(today, 30) },
      ],
    };
    expect(await refusalOf(throughToOutcome(plan, today, twice))).toBe("action 'A1' is listed twice");
    await record(plan, { milestone: 'outcome-decided', ...twice, actions: [twice.actions[0], { ...twice.actions[1], id: 'A2' }] }, today);
    await throughToOutcome(national, today, { outcome: 'national-review' });

    const dueLater = addCalendarDays(today, 20);
    const refusals: [RapidReviewHandle, Record<string, unknown>, string, string][] = [
      [national, { milestone: 'action-completed', actionId: 'A1' }, today, "'action-completed' applies only when the outcome is no-lcspr (the outcome is national-review)"],
      [plan, { milestone: 'national-review-published' }, today, "'national-review-published' applies only when the outcome is national-review (the outcome is no-lcspr)"],
      [plan, { milestone: 'national-review-information-requested', agencies: [{ agency: 'police', dueOn: dueLater }] }, today, "'national-review-information-requested' applies only when the outcome is national-review (the outcome is no-lcspr)"],
      [plan, { milestone: 'action-completed', actionId: 'A9' }, today, "unknown action 'A9': the action plan has 'A1', 'A2'"],
      [plan, { milestone: 'action-completed', actionId: 'A1' }, addCalendarDays(today, 1), `occurredOn ${addCalendarDays(today, 1)} is in the future (today is ${today})`],
      [plan, { milestone: 'action-completed', actionId: 'A1' }, addCalendarDays(today, -1), `occurredOn ${addCalendarDays(today, -1)} is before 'outcome-decided' (${today})`],
      [national, { milestone: 'national-review-information-supplied', agency: 'police' }, today, "'national-review-information-supplied' cannot be recorded before 'national-review-information-requested'"],
      [
        national,
        {
          milestone: 'national-review-information-requested',
          agencies: [
            { agency: 'police', dueOn: dueLater },
            { agency: 'police', dueOn: dueLater },
          ],
        },
        today,
        "agency 'police' is listed twice",
      ],
      [national, { milestone: 'national-review-information-requested', agencies: [{ agency: 'police', dueOn: addCalendarDays(today, -1) }] }, today, `the information from 'police' is due (${addCalendarDays(today, -1)}) before it was requested (${today})`],
    ];
    for (const [handle, m, on, reason] of refusals) expect([m.milestone, await refusalOf(record(handle, m, on))]).toEqual([m.milestone, reason]);

    await record(plan, { milestone: 'action-completed', actionId: 'A1' }, today);
    expect(await refusalOf(record(plan, { milestone: 'action-completed', actionId: 'A1' }, today))).toBe("'action-completed' for 'A1' was already recorded");
    await record(national, { milestone: 'national-review-information-requested', agencies: [{ agency: 'police', dueOn: dueLater }] }, today);
    expect(await refusalOf(record(national, { milestone: 'national-review-information-requested', agencies: [{ agency: 'health', dueOn: dueLater }] }, today))).toBe(
      "'national-review-information-requested' was already recorded",
    );
    expect(await refusalOf(record(national, { milestone: 'national-review-information-supplied', agency: 'probation' }, today))).toBe(
      "unknown agency 'probation': information for the national review was requested from 'police'",
    );

    // Accepted: ten milestones to the outcome each, then one action and one request.
    for (const [handle, accepted] of [
      [plan, 11],
      [national, 11],
    ] as const) {
      const history = await handle.fetchHistory();
      expect(history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(accepted);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.terminate('test over');
    }
  });
});
