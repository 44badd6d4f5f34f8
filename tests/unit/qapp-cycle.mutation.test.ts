/**
 * The QAPP meeting cycle's public rules (domain/qapp-cycle.ts), found wanting by mutation testing
 * (npm run test:mutation): meeting dates under changing cadences, the rotation, and every refusal of
 * the cycle's updates, word for word, under both the original rules and the current ones. Expected
 * dates are hand counts on gov.uk's England and Wales list (2020: Good Friday 10 Apr, Easter Monday
 * 13 Apr, VE Day Fri 8 May, spring bank holiday 25 May, Christmas Fri 25 Dec, Boxing Day substitute
 * Mon 28 Dec); no expected date is computed by the calendar code.
 */
import { defaultCalendar } from '../../domain/calendar';
import {
  DEFAULT_QAPP_CONFIG,
  MEETING_PURPOSES,
  ORIGINAL_CYCLE_RULES,
  cadenceChangeRefusal,
  cadenceName,
  cadenceRefusal,
  meetingActionRefusal,
  meetingDates,
  meetingDayFor,
  meetingTypeAt,
  minutesRefusal,
  nextMeetingDate,
  purposeOf,
  resumeRefusal,
  stopRefusal,
  suspendedOn,
  suspensionRefusal,
  type Cadence,
  type MinutesFacts,
  type Suspension,
} from '../../domain/qapp-cycle';
import { minutesFacts, minutesMeeting, minutesPatterns, minutesToday } from '../support/qapp-minutes';

// Monthly on the 15th from Wed 15 Jan 2020; bi-monthly on the 8th from Wed 8 Apr 2020 (the group went bi-monthly in April 2020).
const MONTHLY: Cadence = { everyMonths: 1, dayOfMonth: 15, from: '2020-01-15' };
const BI_MONTHLY: Cadence = { everyMonths: 2, dayOfMonth: 8, from: '2020-04-08' };

describe('meeting dates', () => {
  test.each([
    [1, 'monthly'],
    [2, 'bi-monthly'],
    [3, 'custom'],
    [12, 'custom'],
  ] as const)('every %i months is %s', (everyMonths, name) => {
    expect(cadenceName({ everyMonths })).toBe(name);
  });

  test('a meeting on a weekend or bank holiday moves to the next working day; a working day stays', () => {
    const cal = defaultCalendar();
    expect(meetingDayFor(cal, '2020-04-15')).toBe('2020-04-15'); // Wed
    expect(meetingDayFor(cal, '2020-02-15')).toBe('2020-02-17'); // Sat -> Mon
    expect(meetingDayFor(cal, '2020-04-10')).toBe('2020-04-14'); // Good Friday, weekend, Easter Monday -> Tue
    expect(meetingDayFor(cal, '2020-12-25')).toBe('2020-12-29'); // Christmas, weekend, Boxing Day substitute -> Tue
  });

  test('monthly on the 15th: the first meeting strictly after a day, moved off weekends', () => {
    const cal = defaultCalendar();
    expect(nextMeetingDate(cal, [MONTHLY], '2020-01-01')).toBe('2020-01-15'); // the cadence's own first day
    expect(nextMeetingDate(cal, [MONTHLY], '2020-01-14')).toBe('2020-01-15');
    expect(nextMeetingDate(cal, [MONTHLY], '2020-01-15')).toBe('2020-02-17'); // Sat 15 Feb -> Mon
    expect(nextMeetingDate(cal, [MONTHLY], '2020-02-15')).toBe('2020-02-17'); // the slot is past, its moved day is not
    expect(nextMeetingDate(cal, [MONTHLY], '2020-02-17')).toBe('2020-03-16'); // Sun 15 Mar -> Mon
    expect(nextMeetingDate(cal, [MONTHLY], '2020-04-30')).toBe('2020-05-15'); // Fri
  });

  test('monthly, then bi-monthly from 8 Apr 2020: the old cadence stops where the new one starts, whichever is listed first', () => {
    const cal = defaultCalendar();
    for (const cadences of [
      [MONTHLY, BI_MONTHLY],
      [BI_MONTHLY, MONTHLY],
    ]) {
      expect(nextMeetingDate(cal, cadences, '2020-01-15')).toBe('2020-02-17');
      expect(nextMeetingDate(cal, cadences, '2020-03-16')).toBe('2020-04-08'); // not the monthly 15 Apr
      expect(nextMeetingDate(cal, cadences, '2020-04-08')).toBe('2020-06-08'); // not 8 May or 15 May
      expect(nextMeetingDate(cal, cadences, '2020-06-08')).toBe('2020-08-10'); // Sat 8 Aug -> Mon
      expect(nextMeetingDate(cal, cadences, '2020-08-10')).toBe('2020-10-08');
    }
  });

  test('a slot of the old cadence on the day the new one starts belongs to the new one', () => {
    const cal = defaultCalendar();
    const from15May: Cadence = { everyMonths: 2, dayOfMonth: 20, from: '2020-05-15' };
    expect(nextMeetingDate(cal, [MONTHLY, from15May], '2020-04-15')).toBe('2020-05-20'); // not Fri 15 May
  });

  test('a cadence starting mid-month on an earlier day of the month first meets the month after', () => {
    const cal = defaultCalendar();
    // On the 5th from Mon 10 Mar 2025: 5 Mar is before it; Sat 5 Apr -> Mon 7 Apr.
    expect(nextMeetingDate(cal, [{ everyMonths: 1, dayOfMonth: 5, from: '2025-03-10' }], '2025-03-01')).toBe('2025-04-07');
  });

  test('a day the month lacks is its last day: the 31st in February, leap year or not', () => {
    const cal = defaultCalendar();
    const on31st: Cadence = { everyMonths: 1, dayOfMonth: 31, from: '2025-01-31' };
    expect(nextMeetingDate(cal, [on31st], '2025-01-31')).toBe('2025-02-28'); // Fri
    expect(nextMeetingDate(cal, [on31st], '2025-02-28')).toBe('2025-03-31'); // Mon
    expect(nextMeetingDate(cal, [on31st], '2025-03-31')).toBe('2025-04-30'); // Wed
    expect(nextMeetingDate(cal, [{ everyMonths: 1, dayOfMonth: 31, from: '2028-01-31' }], '2028-01-31')).toBe('2028-02-29'); // Tue
  });

  test('no cadence, or a day past a century of slots, has no next meeting', () => {
    const cal = defaultCalendar();
    expect(() => nextMeetingDate(cal, [], '2020-01-01')).toThrow(new RangeError('no meeting date after 2020-01-01'));
    // The 1,200th monthly slot from Jan 2020 is Fri 15 Dec 2119; the next would be Jan 2120.
    expect(nextMeetingDate(cal, [MONTHLY], '2119-12-14')).toBe('2119-12-15');
    expect(() => nextMeetingDate(cal, [MONTHLY], '2119-12-15')).toThrow(new RangeError('no meeting date after 2119-12-15'));
  });

  test("a meeting's papers deadline and agenda are working days before it, its minutes working days after", () => {
    const cal = defaultCalendar();
    // Mon 11 May 2020 (after VE Day, Fri 8 May). Back 5: Thu 7, Wed 6, Tue 5, Mon 4, Fri 1 May. Back 3: Tue 5 May.
    // On 10: Tue 12 ... Fri 22 is the 9th; Mon 25 May is a bank holiday, so Tue 26 May.
    expect(meetingDates(cal, '2020-05-11', DEFAULT_QAPP_CONFIG)).toEqual({ date: '2020-05-11', papersDueOn: '2020-05-01', agendaOn: '2020-05-05', minutesDueOn: '2020-05-26' });
    expect(meetingDates(cal, '2020-04-14', { ...DEFAULT_QAPP_CONFIG, papersDeadlineWorkingDays: 1, agendaWorkingDays: 2, minutesDueWorkingDays: 1 })).toEqual({
      date: '2020-04-14',
      papersDueOn: '2020-04-09', // Easter Monday and Good Friday skipped
      agendaOn: '2020-04-08',
      minutesDueOn: '2020-04-15',
    });
  });

  test('the default configuration: papers 5, agenda 3, minutes 10 working days; an audit meeting repurposed while suspended', () => {
    expect(DEFAULT_QAPP_CONFIG).toEqual({ papersDeadlineWorkingDays: 5, agendaWorkingDays: 3, minutesDueWorkingDays: 10, whileSuspended: 'repurpose' });
  });
});

describe('the rotation of meetings 1, 2 and 3', () => {
  test.each([
    [0, 1],
    [1, 2],
    [2, 3],
    [3, 1],
    [4, 2],
    [5, 3],
    [-1, 3],
    [-2, 2],
    [-3, 1],
  ] as const)('position %i holds meeting %i', (position, type) => {
    expect(meetingTypeAt(position)).toBe(type);
  });

  test('each meeting has its purpose (PROCESSES.md)', () => {
    expect(MEETING_PURPOSES).toEqual({
      1: 'QAPP dashboard and data; identify audit activity; review learning from earlier audits',
      2: 'Policies and procedures; learning and development',
      3: 'Audit activity: the audits against the theme chosen at meeting 1',
    });
  });

  test.each([
    [1, false, 'skip', 'standard'],
    [1, true, 'skip', 'standard'],
    [2, true, 'repurpose', 'standard'],
    [3, false, 'skip', 'standard'],
    [3, false, 'repurpose', 'standard'],
    [3, true, 'skip', 'skipped'],
    [3, true, 'repurpose', 'repurposed'],
  ] as const)('meeting %i, suspended %s, %s while suspended: %s', (type, suspended, whileSuspended, purpose) => {
    expect(purposeOf(type, suspended, { whileSuspended })).toBe(purpose);
  });

  test('the default repurposes an audit meeting while audit activity is suspended', () => {
    expect(purposeOf(3, true, DEFAULT_QAPP_CONFIG)).toBe('repurposed');
  });
});

const EVERY_MONTHS = 'everyMonths must be a whole number from 1 to 12';
const DAY_OF_MONTH = 'dayOfMonth must be from 1 to 31';
/** Every month count and day of month either rule set checks, each side of each bound, with the refusal it gets. */
const CADENCE_SHAPES: [number, number, string | undefined][] = [
  [0, 15, EVERY_MONTHS],
  [13, 15, EVERY_MONTHS],
  [1.5, 15, EVERY_MONTHS],
  [1, 0, DAY_OF_MONTH],
  [1, 32, DAY_OF_MONTH],
  [1, 7.5, DAY_OF_MONTH],
  [1, 1, undefined],
  [12, 31, undefined],
];

describe('a cadence change under the original rules (cadenceRefusal): from today on, on or after the latest', () => {
  const today = '2020-04-01';
  test.each(CADENCE_SHAPES)('every %s months on day %s: %s', (everyMonths, dayOfMonth, refusal) => {
    expect(cadenceRefusal({ everyMonths, dayOfMonth, from: today }, today, [MONTHLY])).toBe(refusal);
  });

  test('from today is accepted, from yesterday refused', () => {
    expect(cadenceRefusal({ ...BI_MONTHLY, from: today }, today, [MONTHLY])).toBeUndefined();
    expect(cadenceRefusal({ ...BI_MONTHLY, from: '2020-03-31' }, today, [MONTHLY])).toBe('a cadence change cannot start in the past (from 2020-03-31, today is 2020-04-01)');
  });

  test('a change may start on the latest cadence’s day or after it, never before, in whatever order the cadences are listed', () => {
    const latest: Cadence = { everyMonths: 1, dayOfMonth: 1, from: '2020-06-01' };
    for (const current of [
      [MONTHLY, latest],
      [latest, MONTHLY],
    ]) {
      expect(cadenceRefusal({ ...BI_MONTHLY, from: '2020-05-31' }, today, current)).toBe('a cadence already applies from 2020-06-01; a change must start on or after it');
      expect(cadenceRefusal({ ...BI_MONTHLY, from: '2020-06-01' }, today, current)).toBeUndefined();
      expect(cadenceRefusal({ ...BI_MONTHLY, from: '2020-06-02' }, today, current)).toBeUndefined();
    }
    expect(cadenceRefusal({ ...BI_MONTHLY, from: today }, today, [])).toBeUndefined();
    // Three cadences: the latest of them, not the second.
    expect(cadenceRefusal({ ...BI_MONTHLY, from: '2020-05-15' }, today, [MONTHLY, BI_MONTHLY, latest])).toBe('a cadence already applies from 2020-06-01; a change must start on or after it');
  });
});

describe('a cadence change under the current rules (cadenceChangeRefusal): any date after the latest, none before the last minutes', () => {
  test.each(CADENCE_SHAPES)('every %s months on day %s: %s', (everyMonths, dayOfMonth, refusal) => {
    expect(cadenceChangeRefusal({ everyMonths, dayOfMonth, from: '2020-04-08' }, [MONTHLY], undefined)).toBe(refusal);
  });

  test('strictly after the latest cadence, in whatever order the cadences are listed', () => {
    const latest: Cadence = { everyMonths: 1, dayOfMonth: 1, from: '2020-06-01' };
    for (const current of [
      [MONTHLY, latest],
      [latest, MONTHLY],
    ]) {
      expect(cadenceChangeRefusal({ ...BI_MONTHLY, from: '2020-05-31' }, current, undefined)).toBe('a cadence already applies from 2020-06-01; a change must start after it');
      expect(cadenceChangeRefusal({ ...BI_MONTHLY, from: '2020-06-01' }, current, undefined)).toBe('a cadence already applies from 2020-06-01; a change must start after it');
      expect(cadenceChangeRefusal({ ...BI_MONTHLY, from: '2020-06-02' }, current, undefined)).toBeUndefined();
    }
    expect(cadenceChangeRefusal({ ...BI_MONTHLY, from: '2019-01-01' }, [], undefined)).toBeUndefined();
    // Three cadences: the latest of them, not the second.
    expect(cadenceChangeRefusal({ ...BI_MONTHLY, from: '2020-05-15' }, [MONTHLY, BI_MONTHLY, latest], undefined)).toBe('a cadence already applies from 2020-06-01; a change must start after it');
  });

  test('dated in the past is fine, but not before the last minuted meeting', () => {
    expect(cadenceChangeRefusal(BI_MONTHLY, [MONTHLY], '2020-04-15')).toBe(
      'a cadence change from 2020-04-08 would re-plan meetings already minuted (the last on 2020-04-15): date it on or after 2020-04-15',
    );
    expect(cadenceChangeRefusal({ ...BI_MONTHLY, from: '2020-04-15' }, [MONTHLY], '2020-04-15')).toBeUndefined();
    expect(cadenceChangeRefusal(BI_MONTHLY, [MONTHLY], '2020-03-16')).toBeUndefined();
  });
});

describe('suspended audit activity', () => {
  const covid: Suspension = { from: '2020-03-23', to: '2020-07-01', reason: 'COVID-19' };
  test.each([
    ['2020-03-22', false],
    ['2020-03-23', true], // its first day
    ['2020-06-30', true],
    ['2020-07-01', false], // the day it resumed
  ])('closed suspension 23 Mar to 1 Jul 2020, on %s: %s', (day, suspended) => {
    expect(suspendedOn([covid], day)).toBe(suspended);
  });

  test('an open suspension runs on; any one of several counts', () => {
    const open: Suspension = { from: '2021-01-05', reason: 'Lockdown' };
    expect(suspendedOn([covid, open], '2030-01-01')).toBe(true);
    expect(suspendedOn([covid, open], '2021-01-04')).toBe(false);
    expect(suspendedOn([covid, open], '2020-04-01')).toBe(true);
    expect(suspendedOn([], '2020-04-01')).toBe(false);
  });
});

describe('suspending and resuming under the current rules', () => {
  const closed = (from: string, to: string): Suspension => ({ from, to, reason: 'COVID-19' });

  test('one suspension at a time', () => {
    expect(suspensionRefusal({ reason: 'Lockdown', from: '2021-01-05' }, [closed('2020-03-23', '2020-07-01'), { from: '2020-11-05', reason: 'Lockdown' }], undefined)).toBe(
      'audit activity is already suspended (since 2020-11-05)',
    );
  });

  test.each([
    ['', 'a reason of 1 to 200 characters is required'],
    [' \t', 'a reason of 1 to 200 characters is required'],
    ['x'.repeat(201), 'a reason of 1 to 200 characters is required'],
    ['x'.repeat(200), undefined],
    ['x', undefined],
  ])('reason %p: %p', (reason, refusal) => {
    expect(suspensionRefusal({ reason, from: '2020-03-23' }, [], undefined)).toBe(refusal);
  });

  test('not before the last suspension ended: the last listed, not the first or the middle one', () => {
    const three = [closed('2020-01-06', '2020-02-03'), closed('2020-03-02', '2020-04-06'), closed('2020-06-01', '2020-07-01')];
    expect(suspensionRefusal({ reason: 'Lockdown', from: '2020-06-30' }, three, undefined)).toBe('from 2020-06-30 is before the last suspension ended (2020-07-01)');
    expect(suspensionRefusal({ reason: 'Lockdown', from: '2020-05-01' }, three, undefined)).toBe('from 2020-05-01 is before the last suspension ended (2020-07-01)');
    expect(suspensionRefusal({ reason: 'Lockdown', from: '2020-07-01' }, three, undefined)).toBeUndefined();
  });

  test('a suspension may be dated in the past, but not before the last minuted meeting', () => {
    expect(suspensionRefusal({ reason: 'COVID-19', from: '2020-03-23' }, [], '2020-04-15')).toBe(
      'a suspension from 2020-03-23 would re-plan meetings already minuted (the last on 2020-04-15): date it on or after 2020-04-15',
    );
    expect(suspensionRefusal({ reason: 'COVID-19', from: '2020-04-15' }, [], '2020-04-15')).toBeUndefined();
    expect(suspensionRefusal({ reason: 'COVID-19', from: '2020-04-16' }, [], '2020-04-15')).toBeUndefined();
  });

  test('resuming: only what is suspended, strictly after it began, not before the last minutes', () => {
    const open: Suspension = { from: '2020-03-23', reason: 'COVID-19' };
    expect(resumeRefusal('2020-07-01', [], undefined)).toBe('audit activity is not suspended');
    expect(resumeRefusal('2020-07-01', [closed('2020-03-23', '2020-07-01')], undefined)).toBe('audit activity is not suspended');
    expect(resumeRefusal('2020-03-22', [open], undefined)).toBe('on must be after the suspension began (2020-03-23)');
    expect(resumeRefusal('2020-03-23', [open], undefined)).toBe('on must be after the suspension began (2020-03-23)');
    expect(resumeRefusal('2020-03-24', [open], undefined)).toBeUndefined();
    expect(resumeRefusal('2020-07-01', [closed('2020-01-06', '2020-02-03'), open], undefined)).toBeUndefined();
    expect(resumeRefusal('2020-04-14', [open], '2020-04-15')).toBe('a resumption from 2020-04-14 would re-plan meetings already minuted (the last on 2020-04-15): date it on or after 2020-04-15');
    expect(resumeRefusal('2020-04-15', [open], '2020-04-15')).toBeUndefined();
  });
});

describe('stopping a cycle', () => {
  test('not after it already ends, not before it began, not before the last minutes', () => {
    expect(stopRefusal('2020-12-01', '2020-01-15', '2020-11-30', undefined)).toBe('the cycle already ends on 2020-11-30');
    expect(stopRefusal('2020-11-30', '2020-01-15', '2020-11-30', undefined)).toBeUndefined();
    expect(stopRefusal('2020-11-01', '2020-01-15', '2020-11-30', undefined)).toBeUndefined();
    expect(stopRefusal('2020-01-14', '2020-01-15', undefined, undefined)).toBe('on 2020-01-14 is before the cycle began (2020-01-15)');
    expect(stopRefusal('2020-01-15', '2020-01-15', undefined, undefined)).toBeUndefined();
    expect(stopRefusal('2020-05-14', '2020-01-15', undefined, '2020-05-15')).toBe('meetings up to 2020-05-15 are minuted: the cycle cannot end before then');
    expect(stopRefusal('2020-05-15', '2020-01-15', undefined, '2020-05-15')).toBeUndefined();
  });
});

describe('minutes', () => {
  const today = minutesToday;
  const patterns = minutesPatterns;
  const meeting = minutesMeeting;
  const facts = minutesFacts;
  const action = { key: 'A1', owner: 'police', dueOn: '2020-05-15' };
  const launch = { reference: 'CFA-2020-NEGLECT', multiAgency: true, participants: 4, returnsDueOn: '2020-05-20' };
  const refusal = (over: Partial<MinutesFacts>) => minutesRefusal(facts(over), today, patterns);

  test('a meeting that is not awaiting minutes', () => {
    expect(refusal({ meeting: undefined, meetingId: 'WSCP-M9' })).toBe('no meeting WSCP-M9 is awaiting minutes');
  });

  test.each([
    ['awaiting-minutes', '2020-04-15', undefined],
    ['minutes-missing', '2020-04-15', undefined],
    ['scheduled', '2020-04-15', undefined], // a past meeting recorded now
    ['scheduled', today, undefined],
    ['scheduled', '2020-04-21', 'meeting WSCP-M4 is scheduled: minutes are recorded once, after it is held'],
    ['minuted', '2020-04-15', 'meeting WSCP-M4 is minuted: minutes are recorded once, after it is held'],
    ['skipped', '2020-04-15', 'meeting WSCP-M4 is skipped: minutes are recorded once, after it is held'],
  ])('a meeting %s on %s: %p', (state, date, expected) => {
    expect(minutesRefusal(facts({ meeting: { ...meeting, state, date }, heldOn: date }), today, patterns)).toBe(expected);
  });

  test('original rules: only a meeting awaiting minutes, or a scheduled one past, takes them', () => {
    const original = { suspendedSince: undefined };
    expect(refusal({ original })).toBeUndefined();
    expect(refusal({ original, meeting: { ...meeting, state: 'scheduled' } })).toBeUndefined();
    expect(refusal({ original, meeting: { ...meeting, state: 'minutes-missing' } })).toBe('meeting WSCP-M4 is minutes-missing: minutes are recorded once, after it is held');
  });

  test('held on a day from the meeting date to today', () => {
    const between = 'heldOn must be between the meeting date 2020-04-15 and today 2020-04-20';
    expect(refusal({ heldOn: '2020-04-14' })).toBe(between);
    expect(refusal({ heldOn: '2020-04-15' })).toBeUndefined();
    expect(refusal({ heldOn: '2020-04-20' })).toBeUndefined();
    expect(refusal({ heldOn: '2020-04-21' })).toBe(between);
  });

  test.each([
    [-1, 'decisions must be a count'],
    [1.5, 'decisions must be a count'],
    [0, undefined],
    [7, undefined],
  ])('decisions %p: %p', (decisions, expected) => {
    expect(refusal({ decisions })).toBe(expected);
  });

  test('actions: each key once, in these minutes and across the cycle', () => {
    expect(refusal({ actions: [action, { ...action, owner: 'health' }] })).toBe("action 'A1' appears twice");
    expect(refusal({ actions: [action], takenActionKeys: new Set(['WSCP-M4:A1']) })).toBe("action 'A1' appears twice");
    expect(refusal({ actions: [action], takenActionKeys: new Set(['WSCP-M3:A1']) })).toBeUndefined(); // another meeting's A1
    expect(refusal({ actions: [action, { ...action, key: 'A2' }] })).toBeUndefined();
  });

  test('actions: owners are agency or role codes, due on or after the meeting', () => {
    expect(refusal({ actions: [{ ...action, owner: 'PC Smith' }] })).toBe("owner 'PC Smith' must be an agency or role code such as 'police' or 'qapp-chair'");
    expect(refusal({ actions: [action, { ...action, key: 'A2', owner: 'PC Smith' }] })).toBe("owner 'PC Smith' must be an agency or role code such as 'police' or 'qapp-chair'");
    expect(refusal({ heldOn: '2020-04-16', actions: [{ ...action, dueOn: '2020-04-15' }] })).toBe("action 'A1' is due before the meeting");
    expect(refusal({ heldOn: '2020-04-16', actions: [{ ...action, dueOn: '2020-04-16' }] })).toBeUndefined();
  });

  test('audits are launched only by a standard meeting 1', () => {
    const only1 = 'audits are launched by QAPP meeting 1 (dashboard and data)';
    expect(refusal({ launches: [launch] })).toBeUndefined();
    expect(refusal({ launches: [launch], meeting: { ...meeting, type: 2 } })).toBe(only1);
    expect(refusal({ launches: [launch], meeting: { ...meeting, type: 3 } })).toBe(only1);
    expect(refusal({ launches: [launch], meeting: { ...meeting, purpose: 'repurposed' } })).toBe(only1);
    expect(refusal({ meeting: { ...meeting, type: 3, purpose: 'repurposed' } })).toBeUndefined(); // minutes without launches
  });

  test('a launch: a well-formed reference, new to the partnership and to these minutes', () => {
    expect(refusal({ launches: [{ ...launch, reference: 'neglect audit' }] })).toBe("audit reference 'neglect audit' must look like CFA-2027-NEGLECT");
    expect(refusal({ launches: [launch], knownAudits: new Set(['CFA-2020-NEGLECT']) })).toBe('audit CFA-2020-NEGLECT already exists');
    expect(refusal({ launches: [launch], knownAudits: new Set(['CFA-2020-DV']) })).toBeUndefined();
    expect(refusal({ launches: [launch, { ...launch, multiAgency: false }] })).toBe('audit CFA-2020-NEGLECT already exists');
    expect(refusal({ launches: [launch, { ...launch, reference: 'CFA-2020-DV' }] })).toBeUndefined();
  });

  test('a launch: with participants, its returns due after the meeting', () => {
    expect(refusal({ launches: [{ ...launch, participants: 0 }] })).toBe('audit CFA-2020-NEGLECT has no participants');
    expect(refusal({ launches: [{ ...launch, participants: 1 }] })).toBeUndefined();
    expect(refusal({ launches: [{ ...launch, returnsDueOn: '2020-04-14' }] })).toBe('audit CFA-2020-NEGLECT: returns must be due after the meeting');
    expect(refusal({ launches: [{ ...launch, returnsDueOn: '2020-04-15' }] })).toBe('audit CFA-2020-NEGLECT: returns must be due after the meeting');
    expect(refusal({ launches: [{ ...launch, returnsDueOn: '2020-04-16' }] })).toBeUndefined();
  });

  test('current rules: a multi-agency launch is barred by a suspension in force on the day the meeting was held', () => {
    const heldLate = { meeting: { ...meeting, date: '2020-04-15' }, heldOn: '2020-04-17' };
    const from16th = (day: string) => day >= '2020-04-16';
    expect(refusal({ ...heldLate, launches: [launch], suspended: from16th })).toBe('multi-agency audit activity is suspended on 2020-04-17: CFA-2020-NEGLECT cannot be launched');
    expect(refusal({ ...heldLate, launches: [{ ...launch, multiAgency: false }], suspended: from16th })).toBeUndefined();
    expect(refusal({ launches: [launch], suspended: from16th })).toBeUndefined(); // held on the 15th
  });

  test('original rules: a multi-agency launch is barred by a suspension in force now, whatever the meeting day', () => {
    expect(refusal({ launches: [launch], original: { suspendedSince: '2020-04-18' } })).toBe('multi-agency audit activity is suspended (since 2020-04-18): CFA-2020-NEGLECT cannot be launched');
    expect(refusal({ launches: [{ ...launch, multiAgency: false }], original: { suspendedSince: '2020-04-18' } })).toBeUndefined();
    // The current rules' day-by-day question is not asked of an original cycle.
    expect(refusal({ launches: [launch], original: { suspendedSince: undefined }, suspended: () => true })).toBeUndefined();
    expect(refusal({ launches: [{ ...launch, participants: 0 }], original: { suspendedSince: undefined } })).toBe('audit CFA-2020-NEGLECT has no participants');
  });

  test('the first problem is the one reported', () => {
    expect(refusal({ meeting: { ...meeting, state: 'minuted' }, heldOn: '2020-04-14' })).toBe('meeting WSCP-M4 is minuted: minutes are recorded once, after it is held');
    expect(refusal({ heldOn: '2020-04-14', decisions: -1 })).toBe('heldOn must be between the meeting date 2020-04-15 and today 2020-04-20');
    expect(refusal({ decisions: -1, actions: [action, action] })).toBe('decisions must be a count');
    expect(refusal({ actions: [action, action], launches: [launch], meeting: { ...meeting, type: 2 } })).toBe("action 'A1' appears twice");
  });
});

describe("completing a meeting's action", () => {
  const today = '2020-06-10';
  test('an open action, completed by today and not before the meeting that agreed it', () => {
    expect(meetingActionRefusal(undefined, 'A9', today, today)).toBe("no open action 'A9'");
    expect(meetingActionRefusal({ key: 'A1', completedOn: '2020-06-01' }, 'A1', today, today)).toBe("action 'A1' was already completed on 2020-06-01");
    expect(meetingActionRefusal({ key: 'A1' }, 'A1', '2020-06-11', today)).toBe('completedOn 2020-06-11 is in the future (today is 2020-06-10)');
    expect(meetingActionRefusal({ key: 'A1' }, 'A1', today, today)).toBeUndefined();
    expect(meetingActionRefusal({ key: 'A1', meetingDate: '2020-05-15' }, 'A1', '2020-05-14', today)).toBe('completedOn 2020-05-14 is before the meeting that agreed it (2020-05-15)');
    expect(meetingActionRefusal({ key: 'A1', meetingDate: '2020-05-15' }, 'A1', '2020-05-15', today)).toBeUndefined();
    expect(meetingActionRefusal({ key: 'A1' }, 'A1', '2019-01-01', today)).toBeUndefined(); // no meeting recorded for it
  });
});

describe('a cycle begun before issue 17 keeps its first controls', () => {
  const today = '2020-04-20';
  test('a suspension: one at a time, with a reason, dated no later than today', () => {
    expect(ORIGINAL_CYCLE_RULES.suspension({ reason: 'COVID-19', from: '2020-03-23' }, { from: '2020-03-20' }, today)).toBe('audit activity is already suspended (since 2020-03-20)');
    expect(ORIGINAL_CYCLE_RULES.suspension({ reason: '', from: '2020-03-23' }, undefined, today)).toBe('a reason of 1 to 200 characters is required');
    expect(ORIGINAL_CYCLE_RULES.suspension({ reason: 'x'.repeat(201), from: '2020-03-23' }, undefined, today)).toBe('a reason of 1 to 200 characters is required');
    expect(ORIGINAL_CYCLE_RULES.suspension({ reason: 'x'.repeat(200), from: '2020-03-23' }, undefined, today)).toBeUndefined();
    expect(ORIGINAL_CYCLE_RULES.suspension({ reason: 'COVID-19', from: '2020-04-21' }, undefined, today)).toBe('from 2020-04-21 is in the future (today is 2020-04-20)');
    expect(ORIGINAL_CYCLE_RULES.suspension({ reason: 'COVID-19', from: today }, undefined, today)).toBeUndefined();
  });

  test('a resumption: from the day the suspension began to today', () => {
    const current = { from: '2020-03-23' };
    const between = 'on must be between 2020-03-23 and today 2020-04-20';
    expect(ORIGINAL_CYCLE_RULES.resumption(today, undefined, today)).toBe('audit activity is not suspended');
    expect(ORIGINAL_CYCLE_RULES.resumption('2020-03-22', current, today)).toBe(between);
    expect(ORIGINAL_CYCLE_RULES.resumption('2020-03-23', current, today)).toBeUndefined();
    expect(ORIGINAL_CYCLE_RULES.resumption(today, current, today)).toBeUndefined();
    expect(ORIGINAL_CYCLE_RULES.resumption('2020-04-21', current, today)).toBe(between);
  });

  test('no stop', () => {
    expect(ORIGINAL_CYCLE_RULES.stop()).toBe('this cycle began before cycles could be stopped: start a new one');
  });
});
