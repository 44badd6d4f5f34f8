/**
 * One audit of the quality assurance programme (PROCESSES.md "Audit cycles"), whatever its type:
 * the template (domain/audits.ts) names the stages. Returns are updates with validators and cheap
 * handlers; the read model is written in batches by the loop, so 250 returns in a burst coalesce
 * into a few writes. Sleeps until the next reminder.
 */
import { ApplicationFailure, allHandlersFinished, condition, getExternalWorkflowHandle, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { QaActivities } from '../activities';
import type { AuditSnapshot } from '../activities/qa';
import {
  ACTION_LADDER,
  AUDIT_TEMPLATES,
  RETURN_LADDER,
  SECTION_11_STANDARDS,
  actionCompletionRefusal,
  dueAfterPauses,
  isComplete,
  ladderFromNow,
  ladderReminders,
  milestoneRefusal,
  nextRoundOpensOn,
  nextRoundReference,
  returnRate,
  returnRefusal,
  returnsClosedOn,
  type AuditAction,
  type AuditFacts,
  type LadderReminder,
  type Participant,
  type RecordedAuditMilestone,
  type RecordedReturn,
} from '../domain/audits';
import { addWorkingDaysDate } from '../domain/calendar';
import { utcToLondonDate } from '../domain/london-time';
import type { Notice } from '../domain/notices';
import { actionReminderNotice, escalationListNotice, returnReminderNotice } from '../domain/qa-notices';
import { auditStatus, completeAuditAction, pauseAudit, recordAuditMilestone, recordAuditReturn, resumeAudit, type AuditInput, type AuditReturnInput, type AuditStatus } from './audit-definitions';
import { auditChanged, type KnownAudit } from './qapp-definitions';
import { qappWorkflowId } from '../domain/contracts';
import { noticeBatches } from './notice-batches';
import { AUDIT_ENDS_AFTER_HANDLERS_PATCH, QA_HISTORY_QUIET_PATCH } from './patches';
import { ACTIVITY_OPTIONS, continueAsNewWhen, refusedBy, revisions, setRecordedUpdate, sleepUntil } from './runtime';

const { persistAudit, sendNotices, startAuditWorkflow } = proxyActivities<QaActivities>(ACTIVITY_OPTIONS.batch);

export async function audit(input: AuditInput): Promise<AuditStatus> {
  const { reference, type, calendar } = input;
  const template = AUDIT_TEMPLATES[type];
  const round = input.round ?? 1;
  const carried = input.carried;
  const startedAtMs = carried?.startedAtMs ?? Date.now();
  const historyQuiet = patched(QA_HISTORY_QUIET_PATCH);
  const actionsKnownAtMs = new Map<string, number>(Object.entries(carried?.actionsKnownAtMs ?? {}));
  const participants = new Map<string, Participant>(input.participants.map((p) => [p.id, p]));
  const returns = new Map<string, RecordedReturn>((carried?.returns ?? []).map((r) => [r.participantId, r]));
  const milestones: RecordedAuditMilestone[] = carried?.milestones ?? [];
  const actions: AuditAction[] = carried?.actions ?? [];
  const pauses: { from: string; to?: string }[] = carried?.pauses ?? (input.pausedFrom ? [{ from: input.pausedFrom }] : []);
  const sentKeys = new Set<string>(carried?.sentKeys ?? []);
  let dirtyReturns: string[] = carried?.unpersisted ?? [];
  let participantsPersisted = carried !== undefined;
  const revision = revisions(carried?.revision ?? 1, { writeFirst: true });
  let rearmed = false;
  let toldCycle = carried?.toldCycle ?? '';
  const batches = noticeBatches(sendNotices, () => {
    rearmed = true;
  });

  const today = () => utcToLondonDate(Date.now());
  const facts = (): AuditFacts => ({
    reference,
    type,
    openedOn: input.openedOn,
    participants,
    returns,
    milestones,
    actions,
    standards: input.standards ?? (template.ratedStandards ? [...SECTION_11_STANDARDS] : []),
  });
  // A suspension dated in the future pauses the audit from that day, not before.
  const paused = () => pauses.some((p) => p.to === undefined && (!historyQuiet || p.from <= today()));
  const returnsDueOn = () =>
    historyQuiet ? dueAfterPauses(input.returnsDueOn, calendar, pauses, today(), { from: input.openedOn, ...optional('to', returnsClosedOn({ milestones })) }) : dueAfterPauses(input.returnsDueOn, calendar, pauses, today());
  const milestonesDone = () => isComplete({ type, milestones });
  const state = (): AuditStatus['state'] => (!milestonesDone() ? 'open' : actions.some((a) => !a.completedOn) ? 'monitoring-actions' : 'completed');
  const outstanding = () => (returnsClosedOn({ milestones }) ? [] : input.participants.filter((p) => !returns.has(p.id)));
  const overdueActions = () => actions.filter((a) => !a.completedOn && a.dueOn < today()).length;
  const repeatMonths = input.repeatAfterMonths ?? template.defaultRepeatMonths ?? 0;
  const nextRound = () => {
    const completedOn = milestones.at(-1)?.occurredOn;
    return repeatMonths > 0 && state() === 'completed' && completedOn ? { reference: nextRoundReference(reference, round), opensOn: nextRoundOpensOn(completedOn, repeatMonths) } : undefined;
  };

  const schedule = (): LadderReminder[] => {
    if (paused()) return [];
    const due = returnsDueOn();
    const fromNow = (steps: LadderReminder[], on: string, knownAtMs: number) => (historyQuiet ? ladderFromNow(steps, on, knownAtMs, calendar) : steps);
    const returnSteps = outstanding().length > 0 ? fromNow(ladderReminders('returns', due, calendar, RETURN_LADDER), due, startedAtMs) : [];
    const actionSteps = actions
      .filter((a) => !a.completedOn)
      .flatMap((a) => fromNow(ladderReminders(`action-${a.key}`, a.dueOn, calendar, ACTION_LADDER), a.dueOn, actionsKnownAtMs.get(a.key) ?? startedAtMs));
    return [...returnSteps, ...actionSteps].filter((r) => !sentKeys.has(r.key)).sort((a, b) => a.at.localeCompare(b.at));
  };

  const status = (): AuditStatus => {
    const next = schedule()[0];
    const upcoming = nextRound();
    return {
      reference,
      type,
      ...(input.theme ? { theme: input.theme } : {}),
      sampledCases: input.sampledCases ?? [],
      round,
      stage: milestones.at(-1)?.milestone ?? 'returns-open',
      state: state(),
      paused: paused(),
      openedOn: input.openedOn,
      returnsDueOn: returnsDueOn(),
      returnRate: returnRate(returns.size, participants.size),
      outstanding: outstanding().map((p) => p.id),
      milestones: [...milestones],
      actions: actions.map((a) => ({ ...a })),
      overdueActions: overdueActions(),
      remindersSent: sentKeys.size,
      ...(next ? { nextReminderAt: next.at } : {}),
      ...(upcoming ? { nextRound: upcoming } : {}),
      revision: revision.current,
    };
  };
  const changed = () => {
    revision.changed();
    rearmed = true;
  };
  const closeReturns = (on: string, by: string) => {
    milestones.push({ milestone: 'returns-closed', occurredOn: on, recordedBy: by });
  };

  setHandler(auditStatus, status);
  setHandler(
    recordAuditReturn,
    (r) => {
      returns.set(r.participantId, { participantId: r.participantId, submittedOn: r.submittedOn, recordedBy: r.recordedBy, ...(r.ratings ? { ratings: r.ratings } : {}) });
      dirtyReturns.push(r.participantId);
      // A full house closes the returns: the S175 year's 100%.
      if (returns.size === participants.size) closeReturns(historyQuiet ? [...returns.values()].map((x) => x.submittedOn).sort().at(-1)! : today(), 'review-engine');
      changed();
      return { participantId: r.participantId, returned: returns.size, total: participants.size };
    },
    { validator: refusedBy((r: AuditReturnInput) => returnRefusal(facts(), r, today())) },
  );
  const persisted = () => revision.persistedNow();
  setRecordedUpdate(
    recordAuditMilestone,
    {
      refusal: (m) => milestoneRefusal(facts(), m, today()),
      apply: (m) => {
        milestones.push({ milestone: m.milestone, occurredOn: m.occurredOn, recordedBy: m.recordedBy });
        for (const a of m.actions ?? []) {
          actions.push({ key: a.key, owner: a.owner, dueOn: a.dueOn });
          actionsKnownAtMs.set(a.key, Date.now());
        }
        changed();
      },
    },
    status,
    persisted,
  );
  setRecordedUpdate(
    completeAuditAction,
    {
      refusal: ({ key, completedOn }) => actionCompletionRefusal({ reference, actions, openedOn: input.openedOn }, key, completedOn, today()),
      apply: ({ key, completedOn }) => {
        const action = actions.find((a) => a.key === key);
        if (action) action.completedOn = completedOn;
        changed();
      },
    },
    status,
    persisted,
  );
  setHandler(pauseAudit, ({ from }) => {
    if (!template.multiAgency || pauses.some((p) => p.to === undefined) || state() === 'completed') return;
    pauses.push({ from });
    changed();
  });
  setHandler(resumeAudit, ({ on }) => {
    const open = pauses.find((p) => p.to === undefined);
    if (!open) return;
    open.to = on < open.from ? open.from : on;
    changed();
  });

  const persist = async () => {
    const target = revision.current;
    const batch = dirtyReturns;
    dirtyReturns = [];
    const s = status();
    const snapshot: AuditSnapshot = {
      reference,
      workflowId: workflowInfo().workflowId,
      type,
      ...(input.theme ? { theme: input.theme } : {}),
      ...(input.partnership ? { partnership: input.partnership } : {}),
      round,
      stage: s.stage,
      state: s.state,
      paused: s.paused,
      openedOn: input.openedOn,
      returnsDueOn: s.returnsDueOn,
      total: participants.size,
      returned: returns.size,
      overdueActions: s.overdueActions,
      revision: target,
      ...(participantsPersisted ? {} : { participants: input.participants.map(({ id, label }) => ({ id, label })) }),
      returns: batch.flatMap((id) => {
        const r = returns.get(id);
        return r ? [{ participantId: id, submittedOn: r.submittedOn, ratings: r.ratings ? ragSummary(r.ratings) : null }] : [];
      }),
      actions: s.actions,
      milestones: s.milestones,
    };
    await persistAudit(snapshot);
    participantsPersisted = true;
    revision.recordPersisted(target);
  };

  const tellCycle = async () => {
    if (!input.partnership) return;
    const known: KnownAudit = { reference, type, multiAgency: template.multiAgency, returnsDueOn: returnsDueOn(), state: state(), stage: status().stage };
    const fingerprint = `${known.state}/${known.stage}/${known.returnsDueOn}`;
    if (fingerprint === toldCycle) return;
    toldCycle = fingerprint;
    try {
      await getExternalWorkflowHandle(qappWorkflowId(input.partnership)).signal(auditChanged, known);
    } catch {
      // No meeting cycle running for this partnership: the read model still shows the audit.
    }
  };

  for (;;) {
    if (batches.failure !== undefined) throw batches.failure;
    if (revision.unpersisted()) await persist();
    await tellCycle();
    // Hundreds of returns arriving one by one: a fresh history, carrying the audit's state.
    await continueAsNewWhen<typeof audit>({ due: () => workflowInfo().historyLength >= (input.continueAsNewAfterEvents ?? 1500), settledNow: () => batches.sending === 0 }, () => ({
      ...input,
      // Returns accepted since the last write are carried as unwritten; the next run writes them first.
      carried: {
        startedAtMs,
        returns: [...returns.values()],
        unpersisted: dirtyReturns,
        milestones,
        actions,
        pauses,
        sentKeys: [...sentKeys],
        revision: revision.current + 1,
        toldCycle,
        ...(actionsKnownAtMs.size > 0 ? { actionsKnownAtMs: Object.fromEntries(actionsKnownAtMs) } : {}),
      },
    }));
    if (state() === 'completed') break;
    const next = schedule()[0];
    rearmed = false;
    const woke = await sleepUntil(next ? Date.parse(next.at) : undefined, () => rearmed || revision.unpersisted(), 'ten-year-timer');
    if (woke || !next) continue;
    const notices: Notice[] = [];
    for (const reminder of schedule().filter((r) => Date.parse(r.at) <= Date.now())) {
      sentKeys.add(reminder.key);
      // A step whose time passed before the audit opened is not sent late.
      if (Date.parse(reminder.at) < startedAtMs) continue;
      if (reminder.subject === 'returns') {
        const owing = outstanding();
        notices.push(...owing.map((p) => returnReminderNotice(reference, type, p, reminder, returnsDueOn())));
        if (reminder.kind === 'escalation') notices.push(escalationListNotice(reference, type, owing, participants.size, reminder, returnsDueOn()));
      } else {
        const action = actions.find((a) => `action-${a.key}` === reminder.subject);
        if (!action) throw ApplicationFailure.nonRetryable(`reminder ${reminder.key} names no action`);
        notices.push(actionReminderNotice(reference, action.key, action.owner, participants.get(action.owner)?.address, reminder, action.dueOn));
      }
    }
    if (notices.length === 0) continue;
    await batches.dispatch(notices);
  }
  await condition(() => batches.sending === 0);
  if (batches.failure !== undefined) throw batches.failure;
  // The update that completed the audit waits for its write; ending first would leave its caller a
  // 'workflow execution already completed' instead of the answer.
  if (patched(AUDIT_ENDS_AFTER_HANDLERS_PATCH)) await condition(allHandlersFinished);

  const upcoming = nextRound();
  // A round that would have opened before this audit was recorded is history: it is recorded as an audit of its own, not opened now.
  if (upcoming && (!historyQuiet || upcoming.opensOn >= utcToLondonDate(startedAtMs))) {
    // The next round (section 11's annual or two-yearly cycle, a re-audit) opens on its own date.
    await sleep(Math.max(0, Date.parse(`${upcoming.opensOn}T08:00:00Z`) - Date.now()));
    const openedOn = today();
    await startAuditWorkflow({
      ...input,
      carried: undefined,
      reference: upcoming.reference,
      round: round + 1,
      openedOn,
      returnsDueOn: addWorkingDaysDate(calendar, openedOn, input.returnWindowWorkingDays ?? 20),
      pausedFrom: undefined,
    });
  }
  return status();
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function ragSummary(ratings: { rating: string }[]): string {
  const count = (r: string) => ratings.filter((x) => x.rating === r).length;
  return `R${count('red')} A${count('amber')} G${count('green')}`;
}
