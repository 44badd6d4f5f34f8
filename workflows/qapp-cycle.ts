/**
 * The QAPP meeting cycle of one partnership (PROCESSES.md "The QAPP meeting cycle"): meetings in a
 * rotation of three types on a cadence the executive can change, each with an agenda, a papers
 * deadline, minutes and actions chased until done. It lives forever, so it continues-as-new after
 * every meeting 3 (a cycle boundary), carrying the rotation, the meetings still awaiting minutes,
 * the open actions and the audits it knows.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { QaActivities } from '../activities';
import { ACTION_LADDER, AUDIT_REFERENCE_PATTERN, AUDIT_TEMPLATES, PARTICIPANT_ID_PATTERN, ladderFromNow, ladderReminders, type LadderStep } from '../domain/audits';
import { addCalendarDays, type IsoDate } from '../domain/dates';
import { londonLocalToUtc, utcToLondonDate } from '../domain/london-time';
import type { Notice } from '../domain/notices';
import { actionReminderNotice, agendaNotice, minutesReminderNotice, papersDeadlineNotice } from '../domain/qa-notices';
import {
  DEFAULT_QAPP_CONFIG,
  cadenceChangeRefusal,
  cadenceName,
  cadenceRefusal,
  meetingActionRefusal,
  meetingDates,
  meetingTypeAt,
  minutesRefusal,
  nextMeetingDate,
  purposeOf,
  resumeRefusal,
  stopRefusal,
  suspendedOn,
  suspensionRefusal,
  type Cadence,
} from '../domain/qapp-cycle';
import { QA_HISTORY_QUIET_PATCH } from './audit';
import { pauseAudit, resumeAudit } from './audit-definitions';
import { auditChanged, changeCadence, completeMeetingAction, qappStatus, recordMinutes, resumeAuditActivity, stopCycle, suspendAuditActivity, type AuditLaunch, type CycleAction, type MeetingState, type QappCarried, type QappCycleInput, type QappStatus } from './qapp-definitions';
import { auditWorkflowId } from '../domain/contracts';
import { noticeBatches } from './notice-batches';

const { persistMeetings, sendNotices, startAuditWorkflow } = proxyActivities<QaActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['InvalidNotice'] },
});

/** Minutes: on the due day, a week later, then escalation; after 20 working days the meeting is recorded as minutes missing. */
const MINUTES_LADDER: LadderStep[] = [
  { offset: 0, kind: 'reminder' },
  { offset: 5, kind: 'overdue' },
  { offset: 10, kind: 'escalation' },
];
const MINUTES_GIVE_UP_STEP: LadderStep = { offset: 20, kind: 'escalation' };

interface Timed {
  key: string;
  atMs: number;
  apply: () => Notice[];
}

export async function qappCycle(input: QappCycleInput): Promise<void> {
  const { partnership, calendar } = input;
  const config = { ...DEFAULT_QAPP_CONFIG, ...input.config };
  const today = () => utcToLondonDate(Date.now());
  const initialCadence: Cadence = input.cadence ?? { everyMonths: 1, dayOfMonth: 15, from: today() };
  const c: QappCarried = input.carried ?? {
    nextSeq: 1,
    position: 0,
    cadences: [initialCadence],
    meetings: [],
    openActions: [],
    audits: [],
    sentKeys: [],
    revision: 1,
    controls: [],
    run: 1,
  };
  // Issue 17: a cycle may begin in the past; what it passes through on the way to today is recorded, never emailed.
  const quiet = patched(QA_HISTORY_QUIET_PATCH);
  if (quiet) {
    c.quietBeforeMs ??= Date.now();
    c.suspensions ??= c.suspension ? [{ from: c.suspension.from, reason: c.suspension.reason }] : [];
    if (!input.carried && input.endsOn) c.endsOn = input.endsOn;
    c.actionsKnownAtMs ??= {};
  }
  const sentKeys = new Set(c.sentKeys);
  const dirtyMeetings = new Map<string, MeetingState>();
  const dirtyActions = new Map<string, CycleAction>();
  const signalsToSend: { reference: string; kind: 'pause' | 'resume'; on: IsoDate }[] = [];
  const launches: (AuditLaunch & { openedOn: IsoDate })[] = [];
  let revision = c.revision;
  let persistedRevision = c.revision - 1;
  let rearmed = false;
  let boundary = false;
  const batches = noticeBatches(sendNotices, () => {
    rearmed = true;
  });

  const touchMeeting = (m: MeetingState) => {
    dirtyMeetings.set(m.id, m);
    revision += 1;
    rearmed = true;
  };
  const touchAction = (a: CycleAction) => {
    dirtyActions.set(a.key, a);
    revision += 1;
    rearmed = true;
  };
  const upcoming = () => c.meetings.find((m) => m.state === 'scheduled');
  const currentCadence = () => [...c.cadences].sort((a, b) => a.from.localeCompare(b.from)).filter((x) => x.from <= today()).at(-1) ?? (c.cadences[0] as Cadence);
  const suspended = () => (quiet ? suspendedOn(c.suspensions ?? [], today()) : c.suspension !== undefined);
  const suspendedAt = (day: IsoDate) => (quiet ? suspendedOn(c.suspensions ?? [], day) : suspended());
  const firstFrom = () => [...c.cadences].sort((a, b) => a.from.localeCompare(b.from))[0]!.from;
  const ended = () => c.endsOn !== undefined && c.endsOn < today();
  const auditsDueBy = (date: IsoDate) => c.audits.filter((a) => a.state !== 'completed' && a.returnsDueOn <= date).map((a) => a.reference);

  const status = (): QappStatus => {
    const next = upcoming();
    return {
      partnership,
      today: today(),
      cadence: currentCadence(),
      cadences: [...c.cadences],
      position: c.position,
      ...(next ? { nextMeeting: { ...next } } : {}),
      meetings: c.meetings.map((m) => ({ ...m })),
      openActions: c.openActions.filter((a) => !a.completedOn),
      overdueActions: c.openActions.filter((a) => !a.completedOn && a.dueOn < today()),
      audits: [...c.audits],
      ...(c.suspension ? { suspension: { ...c.suspension } } : {}),
      ...(c.suspensions ? { suspensions: c.suspensions.map((x) => ({ ...x })) } : {}),
      ...(c.endsOn ? { endsOn: c.endsOn } : {}),
      controls: [...c.controls],
      run: c.run,
      revision,
    };
  };

  const schedule = (m: MeetingState | undefined, date: IsoDate, type = meetingTypeAt(c.position)): MeetingState => {
    const dates = meetingDates(calendar, date, config);
    const next: MeetingState = m ?? { seq: c.nextSeq, id: `${partnership}-M${c.nextSeq}`, type, purpose: 'standard', ...dates, state: 'scheduled', auditsForReview: [] };
    Object.assign(next, dates, { purpose: purposeOf(next.type, suspendedAt(date), config) });
    if (!m) {
      c.nextSeq += 1;
      c.meetings.push(next);
    }
    touchMeeting(next);
    return next;
  };
  const scheduleNext = () => {
    if (upcoming() || boundary) return;
    const after = c.lastSlotOn ?? addCalendarDays(quiet ? firstFrom() : currentCadence().from, -1);
    const date = nextMeetingDate(calendar, c.cadences, after);
    if (quiet && c.endsOn !== undefined && date > c.endsOn) return;
    schedule(undefined, date);
  };
  /**
   * A change dated `from` (cadence, suspension, resumption, stop), past or future, means the same:
   * meetings from that day are planned again under it. Those not minuted are withdrawn and planned
   * afresh with the same numbers; what that replays of the past is recorded quietly.
   */
  const replanFrom = (from: IsoDate) => {
    const withdrawn = c.meetings.filter((m) => m.date >= from && m.state !== 'minuted');
    if (withdrawn.length === 0) return;
    const firstSeq = Math.min(...withdrawn.map((m) => m.seq));
    for (const m of withdrawn) {
      m.state = 'withdrawn';
      touchMeeting(m);
      // Its number is planned again, perhaps on the same day: its events are new ones.
      for (const key of [...sentKeys]) if (key.includes(`${m.id}:`)) sentKeys.delete(key);
    }
    c.meetings = c.meetings.filter((m) => m.state !== 'withdrawn');
    c.nextSeq = firstSeq;
    c.position = (firstSeq - 1) % 3;
    const firstWithdrawnOn = withdrawn.map((m) => m.date).sort()[0]!;
    // The slot before the first withdrawn one: a kept meeting, the last minuted, or the last slot consumed before it.
    const before = [...c.meetings.filter((m) => m.seq < firstSeq).map((m) => m.date), c.lastMinutedOn, c.lastSlotOn !== undefined && c.lastSlotOn < firstWithdrawnOn ? c.lastSlotOn : undefined]
      .filter((d): d is IsoDate => d !== undefined)
      .sort()
      .at(-1);
    c.lastSlotOn = before ?? addCalendarDays(firstFrom(), -1);
    c.quietBeforeMs = Date.now();
    boundary = false;
  };
  const rescheduleUpcoming = () => {
    const m = upcoming();
    if (!m) return;
    const after = c.lastSlotOn ?? addCalendarDays([...c.cadences].sort((a, b) => a.from.localeCompare(b.from))[0]!.from, -1);
    schedule(m, nextMeetingDate(calendar, c.cadences, after));
  };

  setHandler(qappStatus, status);
  setHandler(
    recordMinutes,
    async (minutes) => {
      const m = c.meetings.find((x) => x.id === minutes.meetingId) as MeetingState;
      m.state = 'minuted';
      m.minutedOn = minutes.heldOn;
      if (quiet && (c.lastMinutedOn === undefined || m.date > c.lastMinutedOn)) c.lastMinutedOn = m.date;
      m.decisions = minutes.decisions;
      touchMeeting(m);
      for (const a of minutes.actions) {
        const action: CycleAction = { key: `${m.id}:${a.key}`, meetingId: m.id, owner: a.owner, dueOn: a.dueOn };
        c.openActions.push(action);
        if (c.actionsKnownAtMs) c.actionsKnownAtMs[action.key] = Date.now();
        touchAction(action);
      }
      for (const launch of minutes.launchAudits ?? []) {
        launches.push({ ...launch, openedOn: minutes.heldOn });
        c.audits.push({ reference: launch.reference, type: launch.type, multiAgency: AUDIT_TEMPLATES[launch.type].multiAgency, returnsDueOn: launch.returnsDueOn, state: 'open', stage: 'returns-open' });
      }
      const mine = revision;
      await condition(() => persistedRevision >= mine && launches.length === 0);
      return status();
    },
    {
      validator: (minutes) => {
        const m = c.meetings.find((x) => x.id === minutes.meetingId);
        if (quiet) {
          const launchesAsked: AuditLaunch[] = minutes.launchAudits ?? [];
          const refusal = minutesRefusal(
            {
              ...(m ? { meeting: m } : {}),
              meetingId: minutes.meetingId,
              heldOn: minutes.heldOn,
              decisions: minutes.decisions,
              actions: minutes.actions,
              takenActionKeys: new Set(c.openActions.map((a) => a.key)),
              launches: launchesAsked.map((l) => ({ reference: l.reference, multiAgency: AUDIT_TEMPLATES[l.type].multiAgency, participants: l.participants.length, returnsDueOn: l.returnsDueOn })),
              knownAudits: new Set(c.audits.map((a) => a.reference)),
              suspended: suspendedAt,
            },
            today(),
            { reference: AUDIT_REFERENCE_PATTERN, owner: PARTICIPANT_ID_PATTERN },
          );
          if (refusal) throw new Error(refusal);
          return;
        }
        if (!m) throw new Error(`no meeting ${minutes.meetingId} is awaiting minutes`);
        if (m.state !== 'awaiting-minutes' && !(m.state === 'scheduled' && m.date <= today())) throw new Error(`meeting ${m.id} is ${m.state}: minutes are recorded once, after it is held`);
        if (minutes.heldOn < m.date || minutes.heldOn > today()) throw new Error(`heldOn must be between the meeting date ${m.date} and today ${today()}`);
        if (!Number.isInteger(minutes.decisions) || minutes.decisions < 0) throw new Error('decisions must be a count');
        const keys = new Set<string>();
        for (const a of minutes.actions) {
          if (keys.has(a.key) || c.openActions.some((x) => x.key === `${m.id}:${a.key}`)) throw new Error(`action '${a.key}' appears twice`);
          keys.add(a.key);
          if (!PARTICIPANT_ID_PATTERN.test(a.owner)) throw new Error(`owner '${a.owner}' must be an agency or role code such as 'police' or 'qapp-chair'`);
          if (a.dueOn < minutes.heldOn) throw new Error(`action '${a.key}' is due before the meeting`);
        }
        const launchesAsked: AuditLaunch[] = minutes.launchAudits ?? [];
        if (launchesAsked.length > 0 && (m.type !== 1 || m.purpose !== 'standard')) throw new Error('audits are launched by QAPP meeting 1 (dashboard and data)');
        for (const l of launchesAsked) {
          if (!AUDIT_REFERENCE_PATTERN.test(l.reference)) throw new Error(`audit reference '${l.reference}' must look like CFA-2027-NEGLECT`);
          if (c.audits.some((a) => a.reference === l.reference) || launchesAsked.filter((x) => x.reference === l.reference).length > 1) throw new Error(`audit ${l.reference} already exists`);
          if (suspended() && AUDIT_TEMPLATES[l.type].multiAgency) throw new Error(`multi-agency audit activity is suspended (since ${c.suspension?.from}): ${l.reference} cannot be launched`);
          if (l.participants.length === 0) throw new Error(`audit ${l.reference} has no participants`);
          if (l.returnsDueOn <= minutes.heldOn) throw new Error(`audit ${l.reference}: returns must be due after the meeting`);
        }
      },
    },
  );
  setHandler(
    completeMeetingAction,
    async ({ key, completedOn }) => {
      const a = c.openActions.find((x) => x.key === key) as CycleAction;
      a.completedOn = completedOn;
      touchAction(a);
      const mine = revision;
      await condition(() => persistedRevision >= mine);
      return status();
    },
    {
      validator: ({ key, completedOn }) => {
        const a = c.openActions.find((x) => x.key === key);
        if (quiet) {
          const refusal = meetingActionRefusal(a, key, completedOn, today());
          if (refusal) throw new Error(refusal);
          return;
        }
        if (!a) throw new Error(`no open action '${key}'`);
        if (a.completedOn) throw new Error(`action '${key}' was already completed on ${a.completedOn}`);
        if (completedOn > today()) throw new Error(`completedOn ${completedOn} is in the future (today is ${today()})`);
      },
    },
  );
  setHandler(
    changeCadence,
    async ({ everyMonths, dayOfMonth, from, recordedBy }) => {
      c.cadences = [...c.cadences.filter((x) => x.from < from), { everyMonths, dayOfMonth, from }];
      c.controls.push({ on: today(), kind: 'cadence-changed', detail: `${cadenceName({ everyMonths })} (every ${everyMonths} month(s), day ${dayOfMonth}) from ${from}`, by: recordedBy, ...(quiet ? { effectiveOn: from } : {}) });
      const m = upcoming();
      if (quiet) replanFrom(from);
      else if (m && m.date >= from) rescheduleUpcoming();
      revision += 1;
      const mine = revision;
      await condition(() => persistedRevision >= mine);
      return status();
    },
    {
      validator: (change) => {
        const refusal = quiet ? cadenceChangeRefusal(change, c.cadences, c.lastMinutedOn) : cadenceRefusal(change, today(), c.cadences);
        if (refusal) throw new Error(refusal);
      },
    },
  );
  setHandler(
    suspendAuditActivity,
    async ({ reason, from, recordedBy }) => {
      c.suspension = { from, reason };
      c.suspensions?.push({ from, reason });
      c.controls.push({ on: today(), kind: 'audit-activity-suspended', detail: `from ${from}: ${reason}`, by: recordedBy, ...(quiet ? { effectiveOn: from } : {}) });
      for (const a of c.audits) if (a.multiAgency && a.state === 'open') signalsToSend.push({ reference: a.reference, kind: 'pause', on: from });
      const m = upcoming();
      if (quiet) replanFrom(from);
      else if (m) schedule(m, m.date);
      revision += 1;
      const mine = revision;
      await condition(() => persistedRevision >= mine && signalsToSend.length === 0);
      return status();
    },
    {
      validator: ({ reason, from }) => {
        if (quiet) {
          const refusal = suspensionRefusal({ reason, from }, c.suspensions ?? [], c.lastMinutedOn);
          if (refusal) throw new Error(refusal);
          return;
        }
        if (c.suspension) throw new Error(`audit activity is already suspended (since ${c.suspension.from})`);
        if (reason.trim().length === 0 || reason.length > 200) throw new Error('a reason of 1 to 200 characters is required');
        if (from > today()) throw new Error(`from ${from} is in the future (today is ${today()})`);
      },
    },
  );
  setHandler(
    resumeAuditActivity,
    async ({ on, recordedBy }) => {
      const since = c.suspension?.from;
      c.suspension = undefined;
      const open = c.suspensions?.find((x) => x.to === undefined);
      if (open) open.to = on;
      c.controls.push({ on: today(), kind: 'audit-activity-resumed', detail: `on ${on} (suspended since ${since ?? '?'})`, by: recordedBy, ...(quiet ? { effectiveOn: on } : {}) });
      for (const a of c.audits) if (a.multiAgency && a.state === 'open') signalsToSend.push({ reference: a.reference, kind: 'resume', on });
      const m = upcoming();
      if (quiet) replanFrom(on);
      else if (m) schedule(m, m.date);
      revision += 1;
      const mine = revision;
      await condition(() => persistedRevision >= mine && signalsToSend.length === 0);
      return status();
    },
    {
      validator: ({ on }) => {
        if (quiet) {
          const refusal = resumeRefusal(on, c.suspensions ?? [], c.lastMinutedOn);
          if (refusal) throw new Error(refusal);
          return;
        }
        if (!c.suspension) throw new Error('audit activity is not suspended');
        if (on < c.suspension.from || on > today()) throw new Error(`on must be between ${c.suspension.from} and today ${today()}`);
      },
    },
  );
  setHandler(
    stopCycle,
    async ({ on, recordedBy }) => {
      c.endsOn = on;
      c.controls.push({ on: today(), kind: 'cycle-stopped', detail: `no meeting after ${on}`, by: recordedBy, effectiveOn: on });
      replanFrom(addCalendarDays(on, 1));
      revision += 1;
      rearmed = true;
      const mine = revision;
      await condition(() => persistedRevision >= mine);
      return status();
    },
    {
      validator: ({ on }) => {
        if (!quiet) throw new Error('this cycle began before cycles could be stopped: start a new one');
        const refusal = stopRefusal(on, firstFrom(), c.endsOn, c.lastMinutedOn);
        if (refusal) throw new Error(refusal);
      },
    },
  );
  setHandler(auditChanged, (known) => {
    const i = c.audits.findIndex((a) => a.reference === known.reference);
    if (i >= 0) c.audits[i] = known;
    else {
      c.audits.push(known);
      const open = quiet ? c.suspensions?.find((x) => x.to === undefined) : c.suspension;
      if (open && known.multiAgency && known.state === 'open') signalsToSend.push({ reference: known.reference, kind: 'pause', on: open.from });
    }
    rearmed = true;
  });

  // --- timed events -----------------------------------------------------------------------------
  const timed = (): Timed[] => {
    const events: Timed[] = [];
    const at = (date: IsoDate, time: string) => Date.parse(londonLocalToUtc(date, time));
    for (const m of c.meetings) {
      if (m.state === 'scheduled') {
        if (m.purpose !== 'skipped') {
          events.push({
            key: `${m.id}:${m.date}:agenda`,
            atMs: at(m.agendaOn, '09:00'),
            apply: () => {
              if (m.type === 3 && m.purpose === 'standard') m.auditsForReview = auditsDueBy(m.date);
              touchMeeting(m);
              return [agendaNotice(partnership, m.id, m.type, m.purpose === 'repurposed' ? 'repurposed' : 'standard', m.date, m.papersDueOn, m.auditsForReview)];
            },
          });
          events.push({ key: `${m.id}:${m.date}:papers`, atMs: at(m.papersDueOn, '09:00'), apply: () => [papersDeadlineNotice(partnership, m.id, m.date, m.papersDueOn)] });
        }
        events.push({
          key: `${m.id}:${m.date}:held`,
          atMs: at(m.date, '17:00'),
          apply: () => {
            m.state = m.purpose === 'skipped' ? 'skipped' : 'awaiting-minutes';
            touchMeeting(m);
            c.lastSlotOn = m.date;
            c.position = (c.position + 1) % 3;
            if (c.position === 0) boundary = true;
            return [];
          },
        });
      } else if (m.state === 'awaiting-minutes') {
        for (const r of ladderReminders(`minutes-${m.id}`, m.minutesDueOn, calendar, MINUTES_LADDER)) {
          events.push({ key: r.key, atMs: Date.parse(r.at), apply: () => [minutesReminderNotice(partnership, m.id, m.date, r)] });
        }
        const [giveUp] = ladderReminders(`minutes-${m.id}`, m.minutesDueOn, calendar, [MINUTES_GIVE_UP_STEP]);
        if (giveUp) {
          events.push({
            key: `${giveUp.key}:missing`,
            atMs: Date.parse(giveUp.at),
            apply: () => {
              m.state = 'minutes-missing';
              touchMeeting(m);
              return [];
            },
          });
        }
      }
    }
    for (const a of c.openActions) {
      if (a.completedOn) continue;
      const steps = ladderReminders(`action-${a.key}`, a.dueOn, calendar, ACTION_LADDER);
      for (const r of quiet ? ladderFromNow(steps, a.dueOn, c.actionsKnownAtMs?.[a.key] ?? c.quietBeforeMs ?? 0, calendar) : steps) {
        events.push({ key: r.key, atMs: Date.parse(r.at), apply: () => [actionReminderNotice(a.meetingId, a.key, a.owner, undefined, r, a.dueOn)] });
      }
    }
    return events.filter((e) => !sentKeys.has(e.key)).sort((x, y) => x.atMs - y.atMs);
  };

  const persist = async () => {
    const target = revision;
    const meetings = [...dirtyMeetings.values()].map((m) => ({ ...m }));
    const actions = [...dirtyActions.values()].map((a) => ({ ...a }));
    dirtyMeetings.clear();
    dirtyActions.clear();
    if (meetings.length > 0 || actions.length > 0) await persistMeetings({ partnership, revision: target, meetings, actions });
    persistedRevision = Math.max(persistedRevision, target);
    // Finished meetings and done actions are in the read model now; the workflow lets them go.
    // Since the quiet patch a meeting not minuted stays: its minutes may be recorded late, and a change dated before it re-plans it.
    c.meetings = c.meetings.filter((m) => m.state === 'scheduled' || m.state === 'awaiting-minutes' || (quiet && (m.state === 'minutes-missing' || m.state === 'skipped')) || dirtyMeetings.has(m.id));
    c.openActions = c.openActions.filter((a) => !a.completedOn || dirtyActions.has(a.key));
    if (c.actionsKnownAtMs) for (const key of Object.keys(c.actionsKnownAtMs)) if (!c.openActions.some((a) => a.key === key)) delete c.actionsKnownAtMs[key];
  };

  const housekeeping = async () => {
    if (batches.failure !== undefined) throw batches.failure;
    while (launches.length > 0) {
      const l = launches[0]!;
      await startAuditWorkflow({
        reference: l.reference,
        type: l.type,
        participants: l.participants,
        openedOn: l.openedOn,
        returnsDueOn: l.returnsDueOn,
        calendar,
        partnership,
        ...(l.theme ? { theme: l.theme } : {}),
        ...(l.sampledCases ? { sampledCases: l.sampledCases } : {}),
        ...(l.repeatAfterMonths !== undefined ? { repeatAfterMonths: l.repeatAfterMonths } : {}),
        ...(l.standards ? { standards: l.standards } : {}),
      });
      launches.shift();
    }
    while (signalsToSend.length > 0) {
      const s = signalsToSend[0]!;
      try {
        const handle = getExternalWorkflowHandle(auditWorkflowId(s.reference));
        if (s.kind === 'pause') await handle.signal(pauseAudit, { from: s.on });
        else await handle.signal(resumeAudit, { on: s.on });
      } catch {
        // The audit has finished: nothing to pause.
      }
      signalsToSend.shift();
    }
    if (persistedRevision < revision) await persist();
  };

  // An ended cycle finishes once its meetings are minuted (or skipped) and its actions done.
  const settled = () => ended() && c.meetings.every((m) => m.state === 'minuted' || m.state === 'skipped') && c.openActions.every((a) => a.completedOn);
  let finished = false;
  scheduleNext();
  for (;;) {
    await housekeeping();
    if (boundary) break;
    if (quiet && settled() && allHandlersFinished() && batches.sending === 0) {
      finished = true;
      break;
    }
    scheduleNext();
    if (persistedRevision < revision) continue;
    const next = timed()[0];
    rearmed = false;
    const woke = await condition(() => rearmed || launches.length > 0 || signalsToSend.length > 0 || persistedRevision < revision, next ? Math.max(0, next.atMs - Date.now()) : '3650 days');
    if (woke) continue;
    const notices: Notice[] = [];
    for (const e of timed().filter((x) => x.atMs <= Date.now())) {
      sentKeys.add(e.key);
      const words = e.apply();
      if (!quiet || e.atMs >= (c.quietBeforeMs ?? 0)) notices.push(...words);
      if (boundary) break;
    }
    if (notices.length === 0) continue;
    await batches.dispatch(notices);
  }

  // The cycle boundary: everything recorded, every update answered, then a fresh history.
  for (;;) {
    await housekeeping();
    if (allHandlersFinished() && launches.length === 0 && signalsToSend.length === 0 && persistedRevision >= revision && batches.sending === 0) break;
    await condition(() => (allHandlersFinished() && batches.sending === 0) || launches.length > 0 || signalsToSend.length > 0 || persistedRevision < revision || batches.failure !== undefined);
  }
  const liveKeys = (key: string) => c.meetings.some((m) => key.includes(m.id)) || c.openActions.some((a) => key.includes(a.key));
  const carried: QappCarried = {
    ...c,
    audits: c.audits.filter((a) => a.state !== 'completed'),
    sentKeys: [...sentKeys].filter(liveKeys),
    revision,
    controls: c.controls.slice(-20),
    run: c.run + 1,
  };
  if (finished) {
    log.info('qapp cycle ended', { partnership, endsOn: c.endsOn, workflowId: workflowInfo().workflowId });
    return;
  }
  if (input.maxRuns !== undefined && c.run >= input.maxRuns) {
    log.info('qapp cycle stopped after its test runs', { partnership, runs: c.run, workflowId: workflowInfo().workflowId });
    return;
  }
  await continueAsNew<typeof qappCycle>({ ...input, carried });
}
