/**
 * Lists with owners and due dates that a process chases one item at a time: an action plan
 * (actions completed one by one) and a request to several agencies (each answering by its own date).
 * Each item becomes a deadline whose date a person set, reminded until the item is recorded as done.
 */
import type { WorkingCalendar } from './calendar';
import type { IsoDate } from './dates';
import type { Deadline } from './deadlines';
import { findMilestone, itemOf, type RecordedLike } from './milestones';
import type { RuleId } from './rules';
import { setDateDeadline } from './set-date-deadline';

export interface AgencyDue {
  /** An agency's short code, e.g. 'police', 'childrens-social-care': never a person. */
  agency: string;
  dueOn: IsoDate;
}

export interface ActionItem {
  id: string;
  /** The owning agency or role, e.g. 'police', 'cspr-chair'. */
  owner: string;
  dueOn: IsoDate;
}

function recordedFor(recorded: readonly RecordedLike[], milestone: string, item: string): boolean {
  return recorded.some((m) => m.milestone === milestone && itemOf(m) === item);
}

/** The plan's actions with no 'action-completed' recorded for them (the milestone's name in every process). */
export function actionsNotCompleted(actions: readonly ActionItem[], recorded: readonly RecordedLike[]): ActionItem[] {
  return actions.filter((a) => !recordedFor(recorded, 'action-completed', a.id));
}

type AskingMilestone<R extends RecordedLike> = Extract<R, { agencies: readonly AgencyDue[] }>['milestone'];

/** The agencies a request asked (the list its `asked` milestone carries), none until it is recorded. */
export function agenciesAsked<R extends RecordedLike>(recorded: readonly R[], asked: AskingMilestone<R>): AgencyDue[] {
  return (findMilestone(recorded, asked) as { agencies: AgencyDue[] } | undefined)?.agencies ?? [];
}

/** The agencies asked that have not delivered: no `delivered` milestone recorded for them. */
export function agenciesNotDelivered<R extends RecordedLike>(recorded: readonly R[], asked: AskingMilestone<R>, delivered: R['milestone']): AgencyDue[] {
  return agenciesAsked(recorded, asked).filter((a) => !recordedFor(recorded, delivered, a.agency));
}

/** Why an action plan agreed (or decided) on `agreedOn` cannot stand, or undefined. */
export function actionPlanRefusal(actions: readonly ActionItem[], agreedOn: IsoDate, agreed: string): string | undefined {
  if (actions.length === 0) return 'an action plan needs at least one action';
  const ids = actions.map((a) => a.id);
  const dup = ids.find((n, i) => ids.indexOf(n) !== i);
  if (dup) return `action '${dup}' is listed twice`;
  const early = actions.find((a) => a.dueOn < agreedOn);
  return early ? `action '${early.id}' is due (${early.dueOn}) before ${agreed} (${agreedOn})` : undefined;
}

/** Why a request to agencies made on `requestedOn` cannot stand, or undefined. `owed` names what each agency owes. */
export function agencyRequestRefusal(agencies: readonly AgencyDue[], requestedOn: IsoDate, owed: { a: string; the: string }): string | undefined {
  if (agencies.length === 0) return `at least one agency must be asked for ${owed.a}`;
  const names = agencies.map((a) => a.agency);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) return `agency '${dup}' is listed twice`;
  const early = agencies.find((a) => a.dueOn < requestedOn);
  return early ? `${owed.the} from '${early.agency}' is due (${early.dueOn}) before it was requested (${requestedOn})` : undefined;
}

/** The deadline of each action, keyed `action:<id>`, set on the day the plan was agreed. */
export function actionDeadlines(args: { actions: readonly ActionItem[]; agreedOn: IsoDate; ruleId: RuleId; ruleSource: string; ruleSetId: string; calendar: WorkingCalendar }): Deadline[] {
  return args.actions.map((a) =>
    setDateDeadline({ key: `action:${a.id}`, title: `Action ${a.id} (${a.owner})`, ruleId: args.ruleId, ruleSource: args.ruleSource, setOn: args.agreedOn, due: a.dueOn, ruleSetId: args.ruleSetId, calendar: args.calendar }),
  );
}

/** The actions not yet completed, given the ids completed so far. */
export function openActionsOf(actions: readonly ActionItem[], completedIds: ReadonlySet<string>): ActionItem[] {
  return actions.filter((a) => !completedIds.has(a.id));
}
