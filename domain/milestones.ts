/**
 * The milestone engine every process shares: a milestone's rule (what must come before it, whether
 * it is recorded once per agency or action), the timeline key, the date a deadline was met, and the
 * refusal skeleton. A process supplies only what is its own (when it is closed, held, or a milestone
 * is not tracked). `allowedNext` is computed from the same steps the validators refuse with, so what
 * a case says can happen next cannot disagree with what its workflow accepts.
 */
import type { IsoDate } from './dates';

export interface MilestoneRule<M extends string = string> {
  title: string;
  /** Every one of these must be recorded first. */
  after: readonly M[];
  /** Any one of these must be recorded first. */
  afterAny?: readonly M[];
  /** Recorded once per agency (or action) rather than once per case. */
  perItem?: boolean;
  /** A per-item milestone naming an item outside its list is refused, naming the list thus ("summaries were requested from"). */
  listedAs?: string;
}

export type MilestoneRules<M extends string> = Partial<Record<M, MilestoneRule<M>>>;

export interface RecordedLike {
  milestone: string;
  occurredOn: IsoDate;
  /** The item of a per-item milestone (see itemOf). */
  agency?: string;
  actionId?: string;
}

/** The agency or action a per-item milestone is recorded for. */
export function itemOf(m: object): string | undefined {
  return 'agency' in m ? (m.agency as string) : 'actionId' in m ? (m.actionId as string) : undefined;
}

/** The timeline key of a milestone: per agency or action for the per-item ones. The API writes notes by it. */
export function milestoneKey(m: { milestone: string; agency?: string; actionId?: string }): string {
  const item = m.agency ?? m.actionId;
  return item !== undefined ? `milestone:${m.milestone}:${item}` : `milestone:${m.milestone}`;
}

export function findMilestone<R extends RecordedLike, M extends R['milestone']>(recorded: readonly R[], milestone: M): Extract<R, { milestone: M }> | undefined {
  return recorded.find((m) => m.milestone === milestone) as Extract<R, { milestone: M }> | undefined;
}

/**
 * Which milestones meet which deadlines: `once` maps a deadline key to the milestones (any of them,
 * first listed first) that meet it; `perItem` maps a key prefix (`agency-summary:`) to the per-item
 * milestone that meets the deadline of that item.
 */
export interface MetBy<M extends string> {
  once: Partial<Record<string, readonly M[]>>;
  perItem: Partial<Record<string, M>>;
}

export function metOnBy<M extends string>(by: MetBy<M>, key: string, recorded: readonly RecordedLike[]): IsoDate | undefined {
  for (const [prefix, milestone] of Object.entries(by.perItem) as [string, M][]) {
    if (key.startsWith(prefix)) return recorded.find((m) => m.milestone === milestone && itemOf(m) === key.slice(prefix.length))?.occurredOn;
  }
  // Stryker disable next-line ArrayDeclaration: a list holding a name no milestone has, in place of none, meets nothing either
  for (const milestone of by.once[key] ?? []) {
    const on = recorded.find((m) => m.milestone === milestone)?.occurredOn;
    if (on) return on;
  }
  return undefined;
}

/** A process's own answers, asked in the order of the refusal skeleton. */
export interface MilestoneProcess<M extends string> {
  rules: MilestoneRules<M>;
  recorded: readonly RecordedLike[];
  /** Why nothing can be recorded now (the case is closed), or undefined. */
  closed(): string | undefined;
  /** Why this milestone (for this item) cannot be recorded now, before its order is looked at (on hold, not tracked for this case, not a participant). */
  gate?(milestone: M, item?: string): string | undefined;
  /** Why this milestone cannot be recorded now although its predecessors are (the outcome, outstanding reports). */
  lateGate?(milestone: M): string | undefined;
  /** The items a per-item milestone may name (agencies asked, actions agreed). */
  items?(milestone: M): readonly string[];
  /** Choices of a body field the process narrows now (the outcome once the Panel holds a national review). */
  choices?(milestone: M): Partial<Record<string, readonly string[]>> | undefined;
  /** Why a milestone cannot have happened on this date (future, before the case began). */
  dateRefusal(occurredOn: IsoDate): string | undefined;
  /** The process's own words for the skeleton's refusals, where they are not the engine's. */
  wording?: Partial<RefusalWording<M>>;
}

export interface RefusalWording<M extends string> {
  unknown(milestone: string): string;
  alreadyRecorded(milestone: M, item: string | undefined, earlier: RecordedLike): string;
  outOfOrder(milestone: M, missing: readonly M[], anyOf: boolean): string;
  beforePredecessor(occurredOn: IsoDate, predecessor: M, on: IsoDate): string;
}

function wordingOf<M extends string>(p: MilestoneProcess<M>): RefusalWording<M> {
  // Built on each call, not held at module load: code run at load is static to mutation testing.
  const engineWording: RefusalWording<string> = {
    unknown: (milestone) => `unknown milestone '${milestone}'`,
    alreadyRecorded: (milestone, item) => (item !== undefined ? `'${milestone}' for '${item}' was already recorded` : `'${milestone}' was already recorded`),
    outOfOrder: (milestone, missing, anyOf) => `'${milestone}' cannot be recorded before ${missing.map((m) => `'${m}'`).join(anyOf ? ' or ' : ', ')}`,
    beforePredecessor: (occurredOn, predecessor, on) => `occurredOn ${occurredOn} is before '${predecessor}' (${on})`,
  };
  return { ...(engineWording as RefusalWording<M>), ...p.wording };
}

/** Why this milestone (for this item) cannot be recorded now whatever its body says, or undefined. */
export function stateRefusal<M extends string>(p: MilestoneProcess<M>, milestone: M, item?: string): string | undefined {
  const words = wordingOf(p);
  const rule = p.rules[milestone];
  if (!rule) return words.unknown(milestone);
  const closed = p.closed();
  if (closed) return closed;
  const gated = p.gate?.(milestone, item);
  if (gated) return gated;
  const earlier = p.recorded.find((m) => m.milestone === milestone && itemOf(m) === item);
  if (earlier) return words.alreadyRecorded(milestone, item, earlier);
  const missing = rule.after.filter((m) => !p.recorded.some((r) => r.milestone === m));
  if (rule.afterAny && !rule.afterAny.some((m) => p.recorded.some((r) => r.milestone === m))) missing.push(...rule.afterAny);
  if (missing.length > 0) return words.outOfOrder(milestone, missing, rule.afterAny !== undefined);
  return p.lateGate?.(milestone);
}

/** The whole refusal: the state, the date, the predecessors' dates, then the process's check of the body. */
export function milestoneRefusalOf<M extends string>(p: MilestoneProcess<M>, input: RecordedLike & { milestone: M }, bodyRefusal: () => string | undefined): string | undefined {
  const refused = stateRefusal(p, input.milestone, itemOf(input));
  if (refused) return refused;
  const dateProblem = p.dateRefusal(input.occurredOn);
  if (dateProblem) return dateProblem;
  const rule = p.rules[input.milestone]!;
  for (const m of [...rule.after, ...(rule.afterAny ?? [])]) {
    const on = p.recorded.find((r) => r.milestone === m)?.occurredOn;
    if (on && input.occurredOn < on) return wordingOf(p).beforePredecessor(input.occurredOn, m, on);
  }
  const item = itemOf(input);
  if (rule.listedAs !== undefined && item !== undefined) {
    const known = p.items?.(input.milestone) ?? [];
    if (!known.includes(item)) return `unknown ${'agency' in input ? 'agency' : 'action'} '${item}': ${rule.listedAs} ${known.map((k) => `'${k}'`).join(', ')}`;
  }
  return bodyRefusal();
}

/** A date a person records: not after today, nor before the day it could first have happened (`notBefore.words` names that day). */
export function recordedDateRefusal(field: string, date: IsoDate, today: IsoDate, notBefore?: { on: IsoDate; words: string }): string | undefined {
  if (date > today) return `${field} ${date} is in the future (today is ${today})`;
  if (notBefore && date < notBefore.on) return `${field} ${date} is before ${notBefore.words}`;
  return undefined;
}

/**
 * An action completed once, on a real date: the per-item 'action-completed' milestone, for an action
 * kept outside a process's milestones (an audit's plan, a QAPP meeting's actions). `action` is the
 * one named, if it exists; `missing` says why not.
 */
export function actionCompletionRefusalOf(
  action: { completedOn?: IsoDate } | undefined,
  actionId: string,
  completedOn: IsoDate,
  today: IsoDate,
  words: { missing: string; notBefore?: { on: IsoDate; words: string } },
): string | undefined {
  const process: MilestoneProcess<'action-completed'> = {
    rules: { 'action-completed': { title: 'Action completed', after: [], perItem: true } },
    recorded: action?.completedOn ? [{ milestone: 'action-completed', occurredOn: action.completedOn, actionId }] : [],
    closed: () => undefined,
    gate: () => (action ? undefined : words.missing),
    dateRefusal: (on) => recordedDateRefusal('completedOn', on, today, words.notBefore),
    wording: { alreadyRecorded: (_m, _id, earlier) => `action '${actionId}' was already completed on ${earlier.occurredOn}` },
  };
  return milestoneRefusalOf(process, { milestone: 'action-completed', occurredOn: completedOn, actionId }, () => undefined);
}

export interface AllowedMilestone<M extends string = string> {
  milestone: M;
  title: string;
  why: string;
  /** For a per-item milestone: the agencies or actions it can still be recorded for. */
  items?: string[];
  /** Body fields whose choices are narrower now than the schema's. */
  choices?: Partial<Record<string, readonly string[]>>;
  /** The earliest date it may have happened on (its predecessors' latest). */
  notBefore?: IsoDate;
}

/** The milestones the validator would accept now (given a body that passes its own checks), in the rules' order. */
export function allowedNext<M extends string>(p: MilestoneProcess<M>): AllowedMilestone<M>[] {
  const allowed: AllowedMilestone<M>[] = [];
  for (const [milestone, rule] of Object.entries(p.rules) as [M, MilestoneRule<M>][]) {
    const items = rule.perItem ? (p.items?.(milestone) ?? []).filter((i) => !stateRefusal(p, milestone, i)) : undefined;
    if (items ? items.length === 0 : stateRefusal(p, milestone)) continue;
    const before = [...rule.after, ...(rule.afterAny ?? [])].flatMap((m) => p.recorded.filter((r) => r.milestone === m));
    const notBefore = before.map((r) => r.occurredOn).sort().at(-1);
    const done = before.map((r) => `'${r.milestone}'`).filter((m, i, all) => all.indexOf(m) === i);
    const why = [
      done.length > 0 ? `follows ${done.join(', ')}, recorded` : 'nothing needs to come before it',
      ...(items ? [`still to record for ${items.map((i) => `'${i}'`).join(', ')}`] : []),
    ].join('; ');
    const choices = p.choices?.(milestone);
    allowed.push({ milestone, title: rule.title, why, ...(items ? { items } : {}), ...(choices ? { choices } : {}), ...(notBefore ? { notBefore } : {}) });
  }
  return allowed;
}
