/**
 * addWorkingDays against a naive day-by-day loop over the 20-year England and Wales calendar:
 * random starts 2015-2034, n in 1..260, both measured in this run. Prints ops/s and the ratio.
 * Run: npx tsx bench/working-days.bench.ts
 */
import { addWorkingDays, addWorkingDaysDate, defaultCalendar, type SkippedDay, type WorkingCalendar } from '../domain/calendar';

const calendar = defaultCalendar();
const CASES = 50_000;
const SECONDS_PER_RUN = 2;

/** Deterministic inputs (mulberry32), so runs compare like with like. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(20151231);
const firstDay = Date.UTC(2015, 0, 1);
const days = (Date.UTC(2034, 11, 31) - firstDay) / 86_400_000;
const cases = Array.from({ length: CASES }, () => ({
  from: new Date(firstDay + Math.floor(next() * (days + 1)) * 86_400_000).toISOString().slice(0, 10),
  n: 1 + Math.floor(next() * 260),
}));

/** The loop a calendar is usually counted with: step a day, look it up in a Set, repeat. */
function naiveAddWorkingDays(cal: WorkingCalendar, from: string, n: number, withSkipped: boolean): { date: string; skipped: SkippedDay[] } {
  const holidays = naiveHolidayIndex(cal);
  const skipped: SkippedDay[] = [];
  const day = new Date(`${from}T00:00:00Z`);
  let counted = 0;
  let iso = from;
  while (counted < n) {
    day.setUTCDate(day.getUTCDate() + 1);
    iso = day.toISOString().slice(0, 10);
    const weekday = day.getUTCDay();
    const holiday = holidays.get(iso);
    if (holiday !== undefined) {
      if (withSkipped) skipped.push({ date: iso, reason: 'bank holiday', name: holiday });
    } else if (weekday === 0 || weekday === 6) {
      if (withSkipped) skipped.push({ date: iso, reason: 'weekend', name: weekday === 0 ? 'Sunday' : 'Saturday' });
    } else {
      counted++;
    }
  }
  return { date: iso, skipped };
}

const naiveIndexes = new WeakMap<WorkingCalendar, Map<string, string>>();
function naiveHolidayIndex(cal: WorkingCalendar): Map<string, string> {
  let index = naiveIndexes.get(cal);
  if (!index) {
    index = new Map(cal.holidays.map((h) => [h.date, h.title]));
    naiveIndexes.set(cal, index);
  }
  return index;
}

function opsPerSecond(run: (from: string, n: number) => unknown): number {
  let sink = 0;
  for (let i = 0; i < 5_000; i++) sink += run(cases[i]!.from, cases[i]!.n) ? 1 : 0;
  let ops = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS_PER_RUN * 1000) {
    for (let i = 0; i < 1_000; i++, ops++) {
      const c = cases[ops % CASES]!;
      sink += run(c.from, c.n) ? 1 : 0;
    }
    elapsed = performance.now() - started;
  }
  if (sink < 0) console.log(sink);
  return (ops / elapsed) * 1000;
}

function checkSameAnswers(): void {
  for (const { from, n } of cases.slice(0, 5_000)) {
    const fast = addWorkingDays(calendar, from, n);
    const naive = naiveAddWorkingDays(calendar, from, n, true);
    if (fast.date !== naive.date || JSON.stringify(fast.skipped) !== JSON.stringify(naive.skipped) || addWorkingDaysDate(calendar, from, n) !== naive.date) {
      throw new Error(`answers differ for ${from} + ${n}: ${fast.date} vs ${naive.date}`);
    }
  }
}

function report(label: string, fast: number, naive: number): void {
  const format = (x: number) => Math.round(x).toLocaleString('en-GB').padStart(11);
  console.log(`${label.padEnd(42)} ${format(fast)} ops/s   naive ${format(naive)} ops/s   ratio ${(fast / naive).toFixed(1)}x`);
}

checkSameAnswers();
console.log(`calendar ${calendar.version}: ${calendar.holidays.length} bank holidays 2015-2035; ${CASES} cases, n in 1..260`);
report('addWorkingDays (date and skipped days)', opsPerSecond((f, n) => addWorkingDays(calendar, f, n)), opsPerSecond((f, n) => naiveAddWorkingDays(calendar, f, n, true)));
report('addWorkingDaysDate (date only)', opsPerSecond((f, n) => addWorkingDaysDate(calendar, f, n)), opsPerSecond((f, n) => naiveAddWorkingDays(calendar, f, n, false)));
