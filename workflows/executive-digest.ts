/**
 * The executive's weekly digest: one long-lived workflow per partnership that sleeps until the
 * configured weekday and time (Europe/London), sends the digest, and continues as new every
 * quarter (13 digests, its policy for workflows/runtime.ts) so its history stays small forever.
 */
import { defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DigestActivities } from '../activities';
import type { WorkingCalendar } from '../domain/calendar';
import { addCalendarDays, dayOfWeek, type IsoDate } from '../domain/dates';
import { londonLocalToUtc, utcToLondonDate } from '../domain/london-time';
import { calendarChanged } from './definitions';
import { ACTIVITY_OPTIONS, continueAsNewWhen, sleepUntil } from './runtime';

export interface ExecutiveDigestInput {
  partnership: string;
  /** 1 = Monday ... 5 = Friday. */
  weekday: number;
  localTime: string;
  calendar: WorkingCalendar;
  lastSentOn?: IsoDate;
}

export const digestSettingsChanged = defineSignal<[{ weekday: number; localTime: string }]>('digestSettingsChanged');
export const digestStatus = defineQuery<{ nextOn: IsoDate; lastSentOn?: IsoDate; sentThisRun: number }>('digestStatus');

const { sendWeeklyDigest } = proxyActivities<DigestActivities>(ACTIVITY_OPTIONS.digest);

const WEEKS_PER_RUN = 13;

/** The next day on or after `from` that falls on `weekday` whose send time is still ahead of `nowMs`. */
export function nextDigestDay(from: IsoDate, weekday: number, localTime: string, nowMs: number): IsoDate {
  let day = from;
  while (dayOfWeek(day) !== weekday || Date.parse(londonLocalToUtc(day, localTime)) <= nowMs) day = addCalendarDays(day, 1);
  return day;
}

export async function executiveDigest(input: ExecutiveDigestInput): Promise<void> {
  let { weekday, localTime, calendar } = input;
  let lastSentOn = input.lastSentOn;
  let sent = 0;
  let settingsChanged = false;
  const nextOn = () => nextDigestDay(utcToLondonDate(Date.now()), weekday, localTime, Date.now());
  setHandler(calendarChanged, (next) => {
    calendar = next;
  });
  setHandler(digestSettingsChanged, (s) => {
    weekday = s.weekday;
    localTime = s.localTime;
    settingsChanged = true;
  });
  setHandler(digestStatus, () => ({ nextOn: nextOn(), ...(lastSentOn ? { lastSentOn } : {}), sentThisRun: sent }));

  for (;;) {
    await continueAsNewWhen<typeof executiveDigest>({ due: () => sent >= WEEKS_PER_RUN }, () => ({ partnership: input.partnership, weekday, localTime, calendar, lastSentOn }));
    const day = nextOn();
    settingsChanged = false;
    const woke = await sleepUntil(Date.parse(londonLocalToUtc(day, localTime)), () => settingsChanged);
    if (woke) continue;
    await sendWeeklyDigest({ partnership: input.partnership, weekOf: day, since: lastSentOn ?? addCalendarDays(day, -7), calendar });
    lastSentOn = day;
    sent += 1;
  }
}
