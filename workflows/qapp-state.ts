/**
 * The state of one run of a QAPP cycle and what its messages do to it: the workflow hands every
 * message here and only waits. The rules each message is judged by are in domain/qapp-cycle.ts;
 * the meeting plan in qapp-schedule.ts; audit launches and pauses in qapp-audits.ts.
 */
import { condition, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { QaActivities } from '../activities';
import { AUDIT_REFERENCE_PATTERN, AUDIT_TEMPLATES, PARTICIPANT_ID_PATTERN } from '../domain/audits';
import { addCalendarDays, type IsoDate } from '../domain/dates';
import { utcToLondonDate } from '../domain/london-time';
import {
  DEFAULT_QAPP_CONFIG,
  ORIGINAL_CYCLE_RULES,
  cadenceChangeRefusal,
  cadenceName,
  cadenceRefusal,
  meetingActionRefusal,
  minutesRefusal,
  resumeRefusal,
  stopRefusal,
  suspendedOn,
  suspensionRefusal,
  type Cadence,
} from '../domain/qapp-cycle';
import { auditRelay } from './qapp-audits';
import type { AuditLaunch, ControlEntry, CycleAction, KnownAudit, MeetingState, MinutesInput, QappCarried, QappCycleInput, QappStatus } from './qapp-definitions';
import { QAPP_CONTROLS_RECORDED_PATCH } from './patches';
import { meetingPlan } from './qapp-schedule';
import { ACTIVITY_OPTIONS, refusedBy, revisions } from './runtime';

const { persistMeetings } = proxyActivities<QaActivities>(ACTIVITY_OPTIONS.batch);

/** What the plan, the audit relay and the messages share. */
export function cycleCore(input: QappCycleInput, quiet: boolean) {
  const { partnership } = input;
  const today = () => utcToLondonDate(Date.now());
  const initialCadence: Cadence = input.cadence ?? { everyMonths: 1, dayOfMonth: 15, from: today() };
  const c: QappCarried = input.carried ?? { nextSeq: 1, position: 0, cadences: [initialCadence], meetings: [], openActions: [], audits: [], sentKeys: [], revision: 1, controls: [], run: 1 };
  // Issue 17: a cycle may begin in the past; what it passes through on the way to today is recorded, never emailed.
  if (quiet) {
    c.quietBeforeMs ??= Date.now();
    c.suspensions ??= c.suspension ? [{ from: c.suspension.from, reason: c.suspension.reason }] : [];
    if (!input.carried && input.endsOn) c.endsOn = input.endsOn;
    c.actionsKnownAtMs ??= {};
  }
  const dirtyMeetings = new Map<string, MeetingState>();
  const dirtyActions = new Map<string, CycleAction>();
  const revision = revisions(c.revision, { writeFirst: true });
  const byFrom = () => [...c.cadences].sort((a, b) => a.from.localeCompare(b.from));
  const core = {
    input,
    partnership,
    calendar: input.calendar,
    config: { ...DEFAULT_QAPP_CONFIG, ...input.config },
    quiet,
    c,
    today,
    revision,
    dirtyMeetings,
    dirtyActions,
    sentKeys: new Set(c.sentKeys),
    /** Something changed that the sleeping loop must see (a new timed event, a batch settled). */
    rearmed: false,
    /** The rotation reached a cycle boundary: the run continues as new. */
    boundary: false,
    touchMeeting(m: MeetingState) {
      dirtyMeetings.set(m.id, m);
      revision.changed();
      core.rearmed = true;
    },
    touchAction(a: CycleAction) {
      dirtyActions.set(a.key, a);
      revision.changed();
      core.rearmed = true;
    },
    upcoming: () => c.meetings.find((m) => m.state === 'scheduled'),
    currentCadence: () => byFrom().filter((x) => x.from <= today()).at(-1) ?? (c.cadences[0] as Cadence),
    firstFrom: () => byFrom()[0]!.from,
    suspended: () => (quiet ? suspendedOn(c.suspensions ?? [], today()) : c.suspension !== undefined),
    suspendedAt: (day: IsoDate) => (quiet ? suspendedOn(c.suspensions ?? [], day) : core.suspended()),
  };
  return core;
}

export type CycleCore = ReturnType<typeof cycleCore>;

export function qappCycleState(input: QappCycleInput, quiet: boolean) {
  const core = cycleCore(input, quiet);
  const { c, partnership, today, revision } = core;
  const plan = meetingPlan(core);
  const audits = auditRelay(core);
  /** Controls with an effective date not yet in the read model (QappControl). */
  const unwrittenControls: ControlEntry[] = [];
  let controlsRecorded = false;
  const writesControls = () => controlsRecorded || (controlsRecorded = patched(QAPP_CONTROLS_RECORDED_PATCH));
  // Stable per event (the chain's first run, this run, its place in the run), so a retried write records it once.
  const controlKey = (index: number, run = c.run) => `${workflowInfo().firstExecutionRunId}:${run}:${index}`;
  // Controls recorded before the patch, carried over continue-as-new: written with the run's first write.
  c.controls.forEach((x, i) => {
    if (x.key === undefined && x.effectiveOn !== undefined) {
      x.key = controlKey(i, 0);
      unwrittenControls.push(x);
    }
  });
  const recordControl = (entry: Omit<ControlEntry, 'on' | 'key'>) => {
    const control: ControlEntry = { on: today(), ...entry, key: controlKey(c.controls.length) };
    c.controls.push(control);
    if (control.effectiveOn !== undefined) unwrittenControls.push(control);
  };
  /** A suspension or resumption from its date: recorded, told to the open multi-agency audits, the meetings re-planned. */
  const auditActivityChanged = (control: Omit<ControlEntry, 'on' | 'key' | 'effectiveOn'>, tell: 'pause' | 'resume', on: IsoDate): Promise<QappStatus> => {
    recordControl({ ...control, ...(quiet ? { effectiveOn: on } : {}) });
    audits.tellOpenMultiAgency(tell, on);
    const m = core.upcoming();
    if (quiet) plan.replanFrom(on);
    else if (m) plan.schedule(m, m.date);
    revision.changed();
    return answerOnceWritten(() => !audits.telling());
  };
  const ended = () => c.endsOn !== undefined && c.endsOn < today();
  const answerOnceWritten = async (alsoWhen: () => boolean = () => true): Promise<QappStatus> => {
    const mine = revision.current;
    await condition(() => revision.shows(mine) && alsoWhen());
    return status();
  };

  const status = (): QappStatus => {
    const next = core.upcoming();
    return {
      partnership,
      today: today(),
      cadence: core.currentCadence(),
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
      revision: revision.current,
    };
  };

  const persist = async () => {
    const target = revision.current;
    const meetings = [...core.dirtyMeetings.values()].map((m) => ({ ...m }));
    const actions = [...core.dirtyActions.values()].map((a) => ({ ...a }));
    core.dirtyMeetings.clear();
    core.dirtyActions.clear();
    const controls = unwrittenControls.length > 0 && writesControls() ? unwrittenControls.splice(0) : [];
    if (meetings.length > 0 || actions.length > 0 || controls.length > 0) await persistMeetings({ partnership, revision: target, meetings, actions, ...(controls.length > 0 ? { controls } : {}) });
    revision.recordPersisted(target);
    // Finished meetings and done actions are in the read model now; the workflow lets them go.
    // Since the quiet patch a meeting not minuted stays: its minutes may be recorded late, and a change dated before it re-plans it.
    c.meetings = c.meetings.filter((m) => m.state === 'scheduled' || m.state === 'awaiting-minutes' || (quiet && (m.state === 'minutes-missing' || m.state === 'skipped')) || core.dirtyMeetings.has(m.id));
    c.openActions = c.openActions.filter((a) => !a.completedOn || core.dirtyActions.has(a.key));
    if (c.actionsKnownAtMs) for (const key of Object.keys(c.actionsKnownAtMs)) if (!c.openActions.some((a) => a.key === key)) delete c.actionsKnownAtMs[key];
  };

  return {
    core,
    plan,
    audits,
    status,
    /** Audits launched and told, then the read model written. */
    async housekeeping(): Promise<void> {
      await audits.relay();
      if (revision.unpersisted()) await persist();
    },
    /** An ended cycle finishes once its meetings are minuted (or skipped) and its actions done. */
    settled: () => ended() && c.meetings.every((m) => m.state === 'minuted' || m.state === 'skipped') && c.openActions.every((a) => a.completedOn),
    /** Nothing left to write, launch or tell. */
    quiescent: () => !audits.pending() && !revision.unpersisted(),
    /** What the next run starts from. */
    carried(): QappCarried {
      const liveKeys = (key: string) => c.meetings.some((m) => key.includes(m.id)) || c.openActions.some((a) => key.includes(a.key));
      return { ...c, audits: c.audits.filter((a) => a.state !== 'completed'), sentKeys: [...core.sentKeys].filter(liveKeys), revision: revision.current, controls: c.controls.slice(-20), run: c.run + 1 };
    },

    recordMinutes: {
      validate: refusedBy((minutes: MinutesInput) => {
        const launches: AuditLaunch[] = minutes.launchAudits ?? [];
        const m = c.meetings.find((x) => x.id === minutes.meetingId);
        return minutesRefusal(
          {
            ...(m ? { meeting: m } : {}),
            meetingId: minutes.meetingId,
            heldOn: minutes.heldOn,
            decisions: minutes.decisions,
            actions: minutes.actions,
            takenActionKeys: new Set(c.openActions.map((a) => a.key)),
            launches: launches.map((l) => ({ reference: l.reference, multiAgency: AUDIT_TEMPLATES[l.type].multiAgency, participants: l.participants.length, returnsDueOn: l.returnsDueOn })),
            knownAudits: new Set(c.audits.map((a) => a.reference)),
            suspended: core.suspendedAt,
            ...(quiet ? {} : { original: { suspendedSince: c.suspension?.from } }),
          },
          today(),
          { reference: AUDIT_REFERENCE_PATTERN, owner: PARTICIPANT_ID_PATTERN },
        );
      }),
      async apply(minutes: MinutesInput): Promise<QappStatus> {
        const m = c.meetings.find((x) => x.id === minutes.meetingId) as MeetingState;
        m.state = 'minuted';
        m.minutedOn = minutes.heldOn;
        if (quiet && (c.lastMinutedOn === undefined || m.date > c.lastMinutedOn)) c.lastMinutedOn = m.date;
        m.decisions = minutes.decisions;
        core.touchMeeting(m);
        for (const a of minutes.actions) {
          const action: CycleAction = { key: `${m.id}:${a.key}`, meetingId: m.id, owner: a.owner, dueOn: a.dueOn };
          c.openActions.push(action);
          if (c.actionsKnownAtMs) c.actionsKnownAtMs[action.key] = Date.now();
          core.touchAction(action);
        }
        for (const launch of minutes.launchAudits ?? []) audits.launch(launch, minutes.heldOn);
        return answerOnceWritten(() => !audits.launching());
      },
    },

    completeAction: {
      validate: refusedBy(({ key, completedOn }: { key: string; completedOn: IsoDate }) => meetingActionRefusal(c.openActions.find((x) => x.key === key), key, completedOn, today())),
      async apply({ key, completedOn }: { key: string; completedOn: IsoDate }): Promise<QappStatus> {
        const a = c.openActions.find((x) => x.key === key) as CycleAction;
        a.completedOn = completedOn;
        core.touchAction(a);
        return answerOnceWritten();
      },
    },

    changeCadence: {
      validate: refusedBy((change: { everyMonths: number; dayOfMonth: number; from: IsoDate }) => (quiet ? cadenceChangeRefusal(change, c.cadences, c.lastMinutedOn) : cadenceRefusal(change, today(), c.cadences))),
      async apply({ everyMonths, dayOfMonth, from, recordedBy }: { everyMonths: number; dayOfMonth: number; from: IsoDate; recordedBy: string }): Promise<QappStatus> {
        c.cadences = [...c.cadences.filter((x) => x.from < from), { everyMonths, dayOfMonth, from }];
        recordControl({ kind: 'cadence-changed', detail: `${cadenceName({ everyMonths })} (every ${everyMonths} month(s), day ${dayOfMonth}) from ${from}`, by: recordedBy, ...(quiet ? { effectiveOn: from } : {}) });
        const m = core.upcoming();
        if (quiet) plan.replanFrom(from);
        else if (m && m.date >= from) plan.rescheduleUpcoming();
        revision.changed();
        return answerOnceWritten();
      },
    },

    suspendAuditActivity: {
      validate: refusedBy(({ reason, from }: { reason: string; from: IsoDate }) => (quiet ? suspensionRefusal({ reason, from }, c.suspensions ?? [], c.lastMinutedOn) : ORIGINAL_CYCLE_RULES.suspension({ reason, from }, c.suspension, today()))),
      async apply({ reason, from, recordedBy }: { reason: string; from: IsoDate; recordedBy: string }): Promise<QappStatus> {
        c.suspension = { from, reason };
        c.suspensions?.push({ from, reason });
        return auditActivityChanged({ kind: 'audit-activity-suspended', detail: `from ${from}: ${reason}`, by: recordedBy }, 'pause', from);
      },
    },

    resumeAuditActivity: {
      validate: refusedBy(({ on }: { on: IsoDate }) => (quiet ? resumeRefusal(on, c.suspensions ?? [], c.lastMinutedOn) : ORIGINAL_CYCLE_RULES.resumption(on, c.suspension, today()))),
      async apply({ on, recordedBy }: { on: IsoDate; recordedBy: string }): Promise<QappStatus> {
        const since = c.suspension?.from;
        c.suspension = undefined;
        const open = c.suspensions?.find((x) => x.to === undefined);
        if (open) open.to = on;
        return auditActivityChanged({ kind: 'audit-activity-resumed', detail: `on ${on} (suspended since ${since ?? '?'})`, by: recordedBy }, 'resume', on);
      },
    },

    stopCycle: {
      validate: refusedBy(({ on }: { on: IsoDate }) => (quiet ? stopRefusal(on, core.firstFrom(), c.endsOn, c.lastMinutedOn) : ORIGINAL_CYCLE_RULES.stop())),
      async apply({ on, recordedBy }: { on: IsoDate; recordedBy: string }): Promise<QappStatus> {
        c.endsOn = on;
        recordControl({ kind: 'cycle-stopped', detail: `no meeting after ${on}`, by: recordedBy, effectiveOn: on });
        plan.replanFrom(addCalendarDays(on, 1));
        revision.changed();
        core.rearmed = true;
        return answerOnceWritten();
      },
    },

    auditChanged(known: KnownAudit): void {
      audits.known(known);
      core.rearmed = true;
    },
  };
}

export type QappCycleState = ReturnType<typeof qappCycleState>;
